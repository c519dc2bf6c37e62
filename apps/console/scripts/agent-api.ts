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
import { AggregatorRegistry } from "prom-client";
import * as approvalBreakGlass from "../src/app/api/agent/v1/approvals/break-glass/route";
import * as approvals from "../src/app/api/agent/v1/approvals/route";
import * as approvalUse from "../src/app/api/agent/v1/approvals/use/route";
import * as approvalWait from "../src/app/api/agent/v1/approvals/wait/route";
import * as bundleRejections from "../src/app/api/agent/v1/bundle-rejections/route";
import * as enroll from "../src/app/api/agent/v1/enroll/route";
import * as events from "../src/app/api/agent/v1/events/route";
import * as heartbeat from "../src/app/api/agent/v1/heartbeat/route";
import * as policy from "../src/app/api/agent/v1/policy/route";
import { env } from "../src/server/env";
import { clientAddress, stampSocketAddress } from "../src/server/http/client-address";
import { AppError } from "../src/server/http/errors";
import { errorResponse } from "../src/server/http/respond";
import { AGENT_API_NODE_FLAGS } from "../src/server/ingest/limits";
import { exposeMetrics } from "../src/server/metrics/expose-metrics";
import { checkScrapeAccess } from "../src/server/metrics/metrics-access";
import { metrics } from "../src/server/metrics/registry";

type Handler = (req: Request) => Promise<Response>;
const asHandler = (h: unknown) => h as Handler;
const ROUTES: Record<string, Handler> = {
  "POST /api/agent/v1/enroll": asHandler(enroll.POST),
  "GET /api/agent/v1/policy": asHandler(policy.GET),
  "POST /api/agent/v1/heartbeat": asHandler(heartbeat.POST),
  "POST /api/agent/v1/bundle-rejections": asHandler(bundleRejections.POST),
  "POST /api/agent/v1/events": asHandler(events.POST),
  "POST /api/agent/v1/approvals": asHandler(approvals.POST),
  "POST /api/agent/v1/approvals/wait": asHandler(approvalWait.POST),
  "POST /api/agent/v1/approvals/use": asHandler(approvalUse.POST),
  "POST /api/agent/v1/approvals/break-glass": asHandler(approvalBreakGlass.POST),
};

const log = (msg: string, fields: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "info", msg, ...fields })}\n`);

async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://agent-api");
  if (url.pathname === "/healthz") {
    res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
    return;
  }
  if (url.pathname === "/metrics" && req.method === "GET") {
    await serveMetrics(req, res);
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

/**
 * /metrics of the whole service: with several workers, the one that takes the scrape asks the
 * primary, which gathers every worker's registry (prom-client's cluster aggregation).
 */
async function serveMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    checkScrapeAccess({
      authorization: req.headers.authorization ?? null,
      address: peerAddress(req),
      listenerSecret: null,
    });
    const { contentType, body } = cluster.isWorker ? await clusterMetrics() : await exposeMetrics({ fleet: false });
    res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" }).end(body);
  } catch (e) {
    const r = errorResponse(e, "metrics");
    res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
  }
}

/** The caller as clientAddress() sees it: the socket peer, or through TRUSTED_PROXIES the client. */
function peerAddress(req: IncomingMessage): string | null {
  const headers = new Headers();
  const fwd = req.headers["x-forwarded-for"];
  if (typeof fwd === "string") headers.set("x-forwarded-for", fwd);
  stampSocketAddress(headers, req.socket.remoteAddress);
  return clientAddress(headers);
}

const METRICS_ASK = "luminous:metrics";
let asked = 0;
function clusterMetrics(): Promise<{ contentType: string; body: string }> {
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off("message", onReply);
      reject(new AppError("unavailable", "The agent API's workers did not report their metrics in time"));
    }, 5000);
    const onReply = (m: { type?: string; id?: number; body?: string; contentType?: string; error?: string }) => {
      if (m?.type !== `${METRICS_ASK}:reply` || m.id !== id) return;
      clearTimeout(timer);
      process.off("message", onReply);
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve({ contentType: m.contentType ?? "text/plain", body: m.body ?? "" });
    };
    process.on("message", onReply);
    process.send?.({ type: METRICS_ASK, id });
  });
}

function startWorker(): void {
  env();
  // Register this worker's metrics (and its pool gauge) so the primary's aggregation finds them.
  void exposeMetrics({ fleet: false });
  if (cluster.isWorker) {
    AggregatorRegistry.setRegistries([metrics().registry]);
    // Constructing one installs prom-client's listener that answers the primary's requests.
    new AggregatorRegistry();
  }
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
  const aggregator = new AggregatorRegistry();
  cluster.on("message", (worker, m: { type?: string; id?: number }) => {
    if (m?.type !== METRICS_ASK) return;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: `${METRICS_ASK}:reply`, id: m.id, body, contentType: aggregator.contentType }),
      (err: Error) => worker.send({ type: `${METRICS_ASK}:reply`, id: m.id, error: err.message }),
    );
  });
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
