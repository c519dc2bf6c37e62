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

/** Builds an event from flags (only those given); `ts` defaults to now. */
export function eventFromFlags(f: LogFlags): Record<string, unknown> {
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
    ...(f.details ? { details: JSON.parse(f.details) } : {}),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
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
  let raw: Record<string, unknown>;
  try {
    raw = flags.type
      ? eventFromFlags(flags)
      : (JSON.parse(await (opts.stdin ?? readStdin)()) as Record<string, unknown>);
  } catch (e) {
    err(`invalid event: malformed JSON (${(e as Error).message})`);
    return LOG_EXIT.invalid;
  }
  if (raw && typeof raw === "object" && !Array.isArray(raw) && raw.ts === undefined) {
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
