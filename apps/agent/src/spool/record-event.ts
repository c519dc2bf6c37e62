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

/** Validates one event input; the same schema the console applies. */
export function validateEventInput(raw: unknown): { ok: true; input: TEventInput } | (RecordResult & { ok: false }) {
  const r = ZEventInput.safeParse(raw);
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
