import { AGENT_INPUT, type ParsedInput, parseLocalJson } from "../input-limits";
import { loadConfig, NotEnrolledError } from "../load-state";
import { recordEvent } from "../spool/record-event";

/** `log` exit codes: 0 recorded, 4 not enrolled, 65 invalid event, 75 spool full (nothing dropped). */
export const LOG_EXIT = { ok: 0, not_enrolled: 4, invalid: 65, spool_full: 75, failed: 5 } as const;

export interface LogFlags {
  type?: string;
  user?: string;
  sessionId?: string;
  ip?: string;
  command?: string;
  action?: string;
  packages?: string[];
  services?: string[];
  error?: string;
  details?: string;
}

/** Builds an event from flags (only those given, `details` already parsed); `ts` defaults to now. */
function eventFromFlags(f: LogFlags, details: unknown): Record<string, unknown> {
  const intent =
    f.action || f.packages?.length || f.services?.length
      ? {
          ...(f.action ? { action: f.action } : {}),
          ...(f.packages?.length ? { packages: f.packages } : {}),
          ...(f.services?.length ? { services: f.services } : {}),
        }
      : undefined;
  return {
    type: f.type,
    ...(f.user ? { user: f.user } : {}),
    ...(f.sessionId ? { sessionId: f.sessionId } : {}),
    ...(f.ip ? { ip: f.ip } : {}),
    ...(f.command ? { command: f.command } : {}),
    ...(intent ? { intent } : {}),
    ...(f.error ? { error: f.error } : {}),
    ...(details !== undefined ? { details } : {}),
  };
}

/** stdin as text, read no further than one byte past the limit (the parse then refuses it as too large). */
async function readStdin(max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    size += (c as Buffer).length;
    if (size > max) break;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The event as the caller gave it: JSON on stdin, or flags (with --details as JSON), within the shared limits. */
async function rawEvent(flags: LogFlags, stdin: () => Promise<string>): Promise<ParsedInput> {
  const max = AGENT_INPUT.maxEventBytes;
  if (!flags.type) return parseLocalJson(await stdin(), max, "(event)");
  if (flags.details === undefined) return { ok: true, value: eventFromFlags(flags, undefined) };
  const d = parseLocalJson(flags.details, max, "details");
  if (!d.ok) {
    // Paths inside --details are named from the event, as the console names them.
    const fields = d.fields.map((f) => ({ ...f, path: f.path === "details" ? f.path : `details.${f.path}` }));
    return { ...d, fields, message: fields.map((f) => `${f.path}: ${f.message}`).join("; ") };
  }
  return { ok: true, value: eventFromFlags(flags, d.value) };
}

/**
 * `luminous-agent log`: one event as JSON on stdin, or as flags. Durable (fsync'd into the spool,
 * or handed to the running daemon, which does the same) before it exits 0.
 */
export async function logCommand(
  flags: LogFlags,
  opts: { stateDir?: string; json?: boolean; stdin?: () => Promise<string> },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let stateDir: string;
  try {
    stateDir = loadConfig(opts.stateDir).f.dir;
  } catch (e) {
    if (!(e instanceof NotEnrolledError)) throw e;
    err(e.message);
    return LOG_EXIT.not_enrolled;
  }
  const parsed = await rawEvent(flags, opts.stdin ?? (() => readStdin(AGENT_INPUT.maxEventBytes)));
  if (!parsed.ok) {
    err(`invalid event: ${parsed.message}`);
    return LOG_EXIT.invalid;
  }
  let raw = parsed.value;
  if (raw && typeof raw === "object" && !Array.isArray(raw) && (raw as { ts?: unknown }).ts === undefined) {
    raw = { ts: new Date().toISOString(), ...raw };
  }
  const r = await recordEvent(stateDir, raw);
  if (r.ok) {
    out(opts.json ? JSON.stringify({ seq: r.seq, hash: r.hash }) : `recorded seq ${r.seq}`);
    return LOG_EXIT.ok;
  }
  if (r.error === "invalid") {
    err(`invalid event: ${r.message}`);
    return LOG_EXIT.invalid;
  }
  err(`luminous-agent: ${r.error === "spool_full" ? "AUDIT SPOOL FULL: " : ""}${r.message}`);
  return r.error === "spool_full" ? LOG_EXIT.spool_full : LOG_EXIT.failed;
}
