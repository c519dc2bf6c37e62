// Production server for the built console: Next's request handler on a plain node:http server,
// so shutdown is ours. On SIGTERM/SIGINT the console reports not-ready (/readyz 503, for the load
// balancer), stops accepting connections, lets in-flight requests finish (10 s at most), then exits.
import { randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
// LISTEN_HOST, not HOSTNAME: shells and containers set HOSTNAME to the machine name.
const hostname = process.env.LISTEN_HOST || undefined;
const log = (level, msg, fields = {}) =>
  process[level === "error" ? "stderr" : "stdout"].write(
    `${JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields })}\n`,
  );

process.env.NEXT_TELEMETRY_DISABLED = "1";
const app = next({ dev: false, dir, port, hostname });
const handle = app.getRequestHandler();

// Route handlers cannot see the socket: the peer address travels in this header, prefixed by a
// token of this process, and any copy a client sent is replaced. clientAddress()
// (src/server/http/client-address.ts) believes it only with the token, and X-Forwarded-For only
// when this peer is one of TRUSTED_PROXIES.
const SOCKET_ADDRESS_HEADER = "x-luminous-socket-address";
globalThis.__luminousSocketToken ??= randomBytes(18).toString("base64url");
function stampSocketAddress(req) {
  delete req.headers[SOCKET_ADDRESS_HEADER];
  const addr = req.socket.remoteAddress;
  if (addr) req.headers[SOCKET_ADDRESS_HEADER] = `${globalThis.__luminousSocketToken} ${addr}`;
}
await app.prepare();

// METRICS_PORT: /metrics on a listener of its own (e.g. an internal interface), and not on the
// public one. The header proves to the route that a request came through this listener.
const METRICS_HEADER = "x-luminous-metrics-listener";
const metricsPort = process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : undefined;
let metricsServer;
if (metricsPort !== undefined) {
  if (!Number.isInteger(metricsPort) || metricsPort < 1 || metricsPort > 65535) {
    log("error", "METRICS_PORT must be a port number", { METRICS_PORT: process.env.METRICS_PORT });
    process.exit(1);
  }
  const secret = randomBytes(32).toString("hex");
  globalThis.__luminousMetricsListener = { secret };
  metricsServer = http.createServer((req, res) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== "/metrics") {
      res.writeHead(404, { "content-type": "application/json" });
      res.end('{"error":{"code":"not_found","message":"Only /metrics is served here"}}');
      return;
    }
    req.headers[METRICS_HEADER] = secret;
    stampSocketAddress(req);
    handle(req, res).catch((err) => {
      log("error", "metrics request failed", { err: String(err?.stack ?? err) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end('{"error":{"code":"internal","message":"Internal error"}}');
    });
  });
  metricsServer.listen(metricsPort, process.env.METRICS_HOST || hostname, () =>
    log("info", "metrics listening", { port: metricsPort }),
  );
}

const server = http.createServer((req, res) => {
  stampSocketAddress(req);
  delete req.headers[METRICS_HEADER];
  handle(req, res).catch((err) => {
    log("error", "request failed", { err: String(err?.stack ?? err) });
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end('{"error":{"code":"internal","message":"Internal error"}}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => log("info", "console listening", { port, hostname: hostname ?? "*" }));

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  globalThis.__luminousDraining = true;
  log("info", "shutting down", { signal });
  server.close(() => {
    log("info", "stopped");
    process.exit(0);
  });
  metricsServer?.close();
  server.closeIdleConnections();
  setTimeout(() => {
    log("warn", "in-flight requests did not finish in 10 s; closing them");
    server.closeAllConnections();
    process.exit(0);
  }, 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
