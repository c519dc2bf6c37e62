import { existsSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { findNul, issueFields, NUL_MESSAGE, type TChainedEvent, type TEventInput, ZEventInput } from "@luminous/audit";
import { updatePushStatus } from "./push-status";
import { Spool, SpoolFullError } from "./spool";

export type RecordResult =
  | { ok: true; seq: number; hash: string; via: "spool" | "daemon" }
  | { ok: false; error: "invalid"; message: string; fields: { path: string; message: string }[] }
  | { ok: false; error: "spool_full"; message: string }
  | { ok: false; error: "failed"; message: string };

const INTENT_KEYS = ["action", "packages", "services"] as const;

/**
 * One input shape for flags, stdin and the socket: the flags' keys (`action`, `packages`,
 * `services`) are taken at the top level of an event too and moved into `intent`, where the
 * console's schema keeps them. The same key both at the top level and in `intent` is refused.
 */
export function normalizeEventInput(raw: unknown): { ok: true; value: unknown } | { ok: false; path: string } {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { ok: true, value: raw };
  const flat = raw as Record<string, unknown>;
  if (!INTENT_KEYS.some((k) => flat[k] !== undefined)) return { ok: true, value: raw };
  const { action, packages, services, ...rest } = flat;
  const intent = rest.intent;
  if (intent !== undefined && (intent === null || typeof intent !== "object" || Array.isArray(intent)))
    return { ok: true, value: raw }; // the schema names the bad intent
  const merged: Record<string, unknown> = { ...(intent as Record<string, unknown> | undefined) };
  for (const [k, v] of Object.entries({ action, packages, services })) {
    if (v === undefined) continue;
    if (merged[k] !== undefined) return { ok: false, path: k };
    merged[k] = v;
  }
  return { ok: true, value: { ...rest, intent: merged } };
}

/** Validates one event input; the same schema the console applies. */
export function validateEventInput(raw: unknown): { ok: true; input: TEventInput } | (RecordResult & { ok: false }) {
  const n = normalizeEventInput(raw);
  if (!n.ok) {
    const fields = [{ path: n.path, message: `given both as ${n.path} and as intent.${n.path}: use one` }];
    return { ok: false, error: "invalid", message: `${n.path}: ${fields[0]!.message}`, fields };
  }
  const r = ZEventInput.safeParse(n.value);
  // A NUL character would be spooled and pushed only for the console to refuse it: refused here.
  const nul = r.success ? findNul(r.data) : null;
  if (r.success && nul === null) return { ok: true, input: r.data };
  const fields = r.success ? [{ path: nul!, message: NUL_MESSAGE }] : issueFields(r.error.issues);
  return {
    ok: false,
    error: "invalid",
    message: fields.map((f) => `${f.path}: ${f.message}`).join("; "),
    fields,
  };
}

/** Appends to the spool in this process; a full spool is counted in push.json and reported. */
export function appendLocal(spool: Spool, stateDir: string, input: TEventInput): RecordResult {
  let event: TChainedEvent;
  try {
    event = spool.append(input);
  } catch (e) {
    if (e instanceof SpoolFullError) {
      updatePushStatus(stateDir, (s) => ({
        refusedWhileFull: s.refusedWhileFull + 1,
        fullSince: s.fullSince ?? new Date().toISOString(),
      }));
      return { ok: false, error: "spool_full", message: e.message };
    }
    return { ok: false, error: "failed", message: (e as Error).message };
  }
  updatePushStatus(stateDir, (s) => (s.fullSince ? { fullSince: null } : {}));
  return { ok: true, seq: event.seq, hash: event.hash, via: "spool" };
}

function viaSocket(socketPath: string, input: TEventInput): Promise<RecordResult> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(input);
    const req = http.request(
      {
        socketPath,
        path: "/v1/log",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        timeout: 10_000,
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => {
          text += c;
        });
        res.on("end", () => {
          try {
            const j = JSON.parse(text) as { seq?: number; hash?: string; error?: { code?: string; message?: string } };
            if (res.statusCode === 201 && typeof j.seq === "number" && typeof j.hash === "string") {
              resolve({ ok: true, seq: j.seq, hash: j.hash, via: "daemon" });
            } else if (res.statusCode === 507) {
              resolve({ ok: false, error: "spool_full", message: j.error?.message ?? "audit spool full" });
            } else {
              resolve({ ok: false, error: "failed", message: j.error?.message ?? `daemon answered ${res.statusCode}` });
            }
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error("daemon socket timed out")));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Records one event: through the running daemon when its socket is there (one writer, and it
 * pushes promptly), else straight into the spool (the daemon pushes it when it runs next).
 */
export async function recordEvent(stateDir: string, raw: unknown): Promise<RecordResult> {
  const v = validateEventInput(raw);
  if (!v.ok) return v;
  const socket = path.join(stateDir, "agent.sock");
  if (existsSync(socket)) {
    try {
      return await viaSocket(socket, v.input);
    } catch {
      // A socket left by a crashed daemon: fall through to the spool.
    }
  }
  return appendLocal(new Spool(stateDir), stateDir, v.input);
}
