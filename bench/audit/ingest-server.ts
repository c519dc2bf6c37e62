/**
 * The event-ingestion route handler (POST /api/agent/v1/events, the exact code Next.js serves)
 * mounted in a bare node:http server: what the agent API would be as its own small Node service
 * (DESIGN.md, "Scale"). Used by the ingestion and export benchmarks. Prints "listening <port>".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { GET as exportGET } from "../../apps/console/src/app/api/v1/audit-events/export/route";
import { handleEventsPost } from "../../apps/console/src/server/ingest/ingest-route";

const routes: Record<string, (req: Request) => Promise<Response>> = {
  "POST /api/agent/v1/events": handleEventsPost,
  "GET /api/v1/audit-events/export": (req) => exportGET(req),
};

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname === "/__memory") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(process.memoryUsage()));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler) {
      res.writeHead(404).end();
      return;
    }
    const response = await handler(
      new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) }),
    );
    const h: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      h[k] = v;
    });
    res.writeHead(response.status, h);
    if (response.body) {
      // Respect the client's pace: the export stream is pulled only as fast as the socket drains.
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
      }
    }
    res.end();
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
// A normal exit on SIGTERM, so --cpu-prof (BENCH_CPU_PROF) gets written.
process.on("SIGTERM", () => process.exit(0));
