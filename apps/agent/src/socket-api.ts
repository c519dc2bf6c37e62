import { chmodSync, rmSync } from "node:fs";
import http from "node:http";
import { z } from "zod";
import type { LoadedBundle } from "./bundle-store";
import { collectStatus } from "./commands/status";
import { evaluate } from "./evaluate";
import type { RecordResult } from "./spool/record-event";

const ZCheck = z.object({
  action: z.string().min(1).max(100),
  packages: z.array(z.string().max(200)).max(500).optional(),
  services: z.array(z.string().max(200)).max(100).optional(),
  user: z.string().max(200).optional(),
});

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Local HTTP API over a unix socket (mode 0660: root and the agent's group, i.e. ask-nix):
 * GET /v1/status, POST /v1/check {action, packages?, services?, user?} (each decision is logged),
 * POST /v1/log <event> -> 201 { seq, hash } once durable in the spool, 422 invalid, 507 spool full.
 */
export async function startSocketApi(
  socketPath: string,
  stateDir: string,
  bundle: () => LoadedBundle | null,
  audit?: {
    record: (raw: unknown) => RecordResult;
    decision: (req: z.infer<typeof ZCheck>, r: ReturnType<typeof evaluate>) => void;
  },
): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/status") return send(res, 200, collectStatus(stateDir));
    if (req.method === "POST" && req.url === "/v1/log" && audit) {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => {
        body += c;
        if (body.length > 128 * 1024) req.destroy();
      });
      req.on("end", () => {
        let raw: unknown;
        try {
          raw = JSON.parse(body || "null");
        } catch {
          return send(res, 400, { error: { code: "validation", message: "malformed JSON" } });
        }
        const r = audit.record(raw);
        if (r.ok) return send(res, 201, { seq: r.seq, hash: r.hash });
        if (r.error === "invalid")
          return send(res, 422, { error: { code: "validation", message: r.message, fields: r.fields } });
        if (r.error === "spool_full") return send(res, 507, { error: { code: "spool_full", message: r.message } });
        return send(res, 500, { error: { code: "internal", message: r.message } });
      });
      return;
    }
    if (req.method === "POST" && req.url === "/v1/check") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (c: string) => {
        body += c;
        if (body.length > 64 * 1024) req.destroy();
      });
      req.on("end", () => {
        let parsed: z.infer<typeof ZCheck>;
        try {
          const r = ZCheck.safeParse(JSON.parse(body || "{}"));
          if (!r.success) {
            return send(res, 422, {
              error: {
                code: "validation",
                fields: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
              },
            });
          }
          parsed = r.data;
        } catch {
          return send(res, 400, { error: { code: "validation", message: "malformed JSON" } });
        }
        const b = bundle();
        if (!b) return send(res, 503, { decision: null, error: "no_policy", exitCode: 4 });
        const decision = evaluate(b, parsed);
        // The decision is queued to the spool writer thread (see spool/decision-writer.ts), so its
        // fsync is not on ask-nix's latency; a crash in the few milliseconds before it lands is the
        // only way a socket decision goes unlogged (the CLI logs before it exits).
        audit?.decision(parsed, decision);
        return send(res, 200, decision);
      });
      return;
    }
    send(res, 404, { error: { code: "not_found" } });
  });
  rmSync(socketPath, { force: true }); // a socket left by a crashed run
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  chmodSync(socketPath, 0o660);
  return server;
}
