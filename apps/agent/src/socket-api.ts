import { chmodSync } from "node:fs";
import http from "node:http";
import { z } from "zod";
import type { LoadedBundle } from "./bundle-store";
import { collectStatus } from "./commands/status";
import { evaluate } from "./evaluate";
import { AGENT_INPUT, parseLocalJson } from "./input-limits";
import { claimSocketPath } from "./socket-file";
import type { RecordResult } from "./spool/record-event";

const ZCheck = z.object({
  action: z.string().min(1).max(100),
  packages: z.array(z.string().max(200)).max(500).optional(),
  services: z.array(z.string().max(200)).max(100).optional(),
  user: z.string().max(200).optional(),
});

function send(res: http.ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

class TooLarge extends Error {}

/** The request body as UTF-8 text, refused past `max` bytes (without reading the rest into memory). */
function readText(req: http.IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers["content-length"] ?? "0") > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        reject(new TooLarge());
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("close", () => reject(new Error("the client went away before sending the whole body")));
  });
}

type Audit = {
  record: (raw: unknown) => RecordResult;
  decision: (req: z.infer<typeof ZCheck>, r: ReturnType<typeof evaluate>) => void;
};

/** Reads and parses a JSON body within the limits; on a refusal it has answered already and returns null. */
async function jsonBody(req: http.IncomingMessage, res: http.ServerResponse, max: number, empty: unknown) {
  let text: string;
  try {
    text = await readText(req, max);
  } catch (e) {
    if (!(e instanceof TooLarge)) throw e;
    send(res, 413, { error: { code: "too_large", message: `request body is larger than ${max} bytes` } });
    return null;
  }
  const parsed = parseLocalJson(text, max, "(body)", empty);
  if (parsed.ok) return { value: parsed.value };
  send(res, parsed.kind === "too_large" ? 413 : 422, {
    error: {
      code: parsed.kind === "too_large" ? "too_large" : "validation",
      message: parsed.message,
      fields: parsed.fields,
    },
  });
  return null;
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  stateDir: string,
  bundle: () => LoadedBundle | null,
  audit?: Audit,
) {
  if (req.method === "GET" && req.url === "/v1/status") return send(res, 200, collectStatus(stateDir));
  if (req.method === "POST" && req.url === "/v1/log" && audit) {
    const body = await jsonBody(req, res, AGENT_INPUT.maxEventBytes, undefined);
    if (!body) return;
    const r = audit.record(body.value);
    if (r.ok) return send(res, 201, { seq: r.seq, hash: r.hash });
    if (r.error === "invalid")
      return send(res, 422, { error: { code: "validation", message: r.message, fields: r.fields } });
    if (r.error === "spool_full") return send(res, 507, { error: { code: "spool_full", message: r.message } });
    return send(res, 500, { error: { code: "internal", message: r.message } });
  }
  if (req.method === "POST" && req.url === "/v1/check") {
    const body = await jsonBody(req, res, AGENT_INPUT.maxCheckBytes, {});
    if (!body) return;
    const r = ZCheck.safeParse(body.value);
    if (!r.success) {
      return send(res, 422, {
        error: {
          code: "validation",
          fields: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        },
      });
    }
    const b = bundle();
    if (!b) return send(res, 503, { decision: null, error: "no_policy", exitCode: 4 });
    const decision = evaluate(b, r.data);
    // The decision is queued to the spool writer thread (see spool/decision-writer.ts), so its
    // fsync is not on ask-nix's latency; a crash in the few milliseconds before it lands is the
    // only way a socket decision goes unlogged (the CLI logs before it exits).
    audit?.decision(r.data, decision);
    return send(res, 200, decision);
  }
  send(res, 404, { error: { code: "not_found" } });
}

/**
 * Local HTTP API over a unix socket (mode 0660: root and the agent's group, i.e. ask-nix):
 * GET /v1/status, POST /v1/check {action, packages?, services?, user?} (each decision is logged),
 * POST /v1/log <event> -> 201 { seq, hash } once durable in the spool, 422 invalid (naming the
 * field), 413 too large, 507 spool full. Nothing a caller sends stops the daemon: a request that
 * fails unexpectedly is answered 500 and logged.
 */
export async function startSocketApi(
  socketPath: string,
  stateDir: string,
  bundle: () => LoadedBundle | null,
  audit?: Audit,
  log: (line: string) => void = () => {},
  /** Approval requests (approvals/socket-routes.ts): true when it took the request. */
  approvals?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean,
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (approvals?.(req, res)) return;
    handle(req, res, stateDir, bundle, audit).catch((e: unknown) => {
      log(`socket API: ${req.method} ${req.url} failed: ${(e as Error)?.message ?? String(e)}`);
      send(res, 500, { error: { code: "internal", message: "the request failed; the daemon goes on" } });
    });
  });
  server.on("clientError", (_e, socket) => socket.destroy());
  if ((await claimSocketPath(socketPath)) === "stale") log(`removed a stale socket file ${socketPath}`);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o660);
  return server;
}
