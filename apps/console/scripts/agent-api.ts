/**
 * The agent API (/api/agent/v1/*) as its own small Node service: the same route handlers the
 * console serves, on a plain node:http server, one worker per core (AGENT_API_WORKERS). Put it
 * behind the load balancer for /api/agent/ when the fleet's polling outgrows the console nodes
 * (see bench/README.md for the figures); everything else keeps going to the console.
 * Env: as the console, plus AGENT_API_PORT (3001), LISTEN_HOST.
 */
import cluster from "node:cluster";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import os from "node:os";
import * as bundleRejections from "../src/app/api/agent/v1/bundle-rejections/route";
import * as enroll from "../src/app/api/agent/v1/enroll/route";
import * as events from "../src/app/api/agent/v1/events/route";
import * as heartbeat from "../src/app/api/agent/v1/heartbeat/route";
import * as policy from "../src/app/api/agent/v1/policy/route";
import { env } from "../src/server/env";
import { stampSocketAddress } from "../src/server/http/client-address";
import { AGENT_API_NODE_FLAGS } from "../src/server/ingest/limits";

type Handler = (req: Request) => Promise<Response>;
const asHandler = (h: unknown) => h as Handler;
const ROUTES: Record<string, Handler> = {
  "POST /api/agent/v1/enroll": asHandler(enroll.POST),
  "GET /api/agent/v1/policy": asHandler(policy.GET),
  "POST /api/agent/v1/heartbeat": asHandler(heartbeat.POST),
  "POST /api/agent/v1/bundle-rejections": asHandler(bundleRejections.POST),
  "POST /api/agent/v1/events": asHandler(events.POST),
};

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "info", msg, ...fields })}\n`);

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://agent-api");
  if (url.pathname === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  const handler = ROUTES[`${req.method} ${url.pathname}`];
  if (!handler) {
    res
      .writeHead(404, { "content-type": "application/json" })
      .end('{"error":{"code":"not_found","message":"Not found"}}');
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  stampSocketAddress(headers, req.socket.remoteAddress);
  let body: Buffer | undefined;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    body = Buffer.concat(chunks);
  }
  const response = await handler(
    new Request(`${env().PUBLIC_URL}${url.pathname}${url.search}`, {
      method: req.method,
      headers,
      body: body ? new Uint8Array(body) : undefined,
    }),
  );
  const out: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    out[k] = v;
  });
  res.writeHead(response.status, out);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

function startWorker(): void {
  env();
  const server = http.createServer((req, res) => {
    serve(req, res).catch((e) => {
      process.stderr.write(`${JSON.stringify({ level: "error", msg: "agent-api request failed", err: String(e) })}\n`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":{"code":"internal","message":"Internal error"}}');
    });
  });
  server.keepAliveTimeout = 65_000;
  const port = Number(process.env.AGENT_API_PORT ?? 3001);
  server.listen(port, process.env.LISTEN_HOST || undefined);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const workers = Number(process.env.AGENT_API_WORKERS ?? os.availableParallelism());
if (cluster.isPrimary && workers > 1) {
  log("agent API starting", { workers, port: Number(process.env.AGENT_API_PORT ?? 3001) });
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...AGENT_API_NODE_FLAGS] });
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on("SIGTERM", () => stopAll("SIGTERM"));
  process.on("SIGINT", () => stopAll("SIGINT"));
  cluster.on("exit", (w, code) => {
    if (!stopping) {
      log("agent API worker exited; starting another", { pid: w.process.pid, code });
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  startWorker();
}
