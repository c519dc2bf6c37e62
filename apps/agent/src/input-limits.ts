import { JsonLimitError, parseJsonWithin } from "@luminous/json-limits";

/**
 * Bounds of what the socket API and the CLI take from local callers. The nesting limit is the one
 * the console applies (@luminous/json-limits), so an event the agent accepts is never refused by
 * the console for its depth.
 */
export const AGENT_INPUT = {
  /** One event, as JSON (socket POST /v1/log, `log` on stdin). */
  maxEventBytes: 128 * 1024,
  /** One decision request (socket POST /v1/check). */
  maxCheckBytes: 64 * 1024,
} as const;

export type ParsedInput =
  | { ok: true; value: unknown }
  | { ok: false; kind: "too_large" | "invalid"; message: string; fields: { path: string; message: string }[] };

/** JSON from a local caller within the shared size and nesting limits; a refusal names the field. */
export function parseLocalJson(text: string, maxBytes: number, root: string, empty?: unknown): ParsedInput {
  try {
    return { ok: true, value: parseJsonWithin(text, { maxBytes, root, empty }) };
  } catch (e) {
    if (!(e instanceof JsonLimitError)) throw e;
    return {
      ok: false,
      kind: e.kind === "too_large" ? "too_large" : "invalid",
      // The whole input ("(event)") needs no name in the message; a field inside it does.
      message: e.path.startsWith("(") ? e.detail : e.message,
      fields: [{ path: e.path, message: e.detail }],
    };
  }
}
