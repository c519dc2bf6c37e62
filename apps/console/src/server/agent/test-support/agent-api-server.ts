import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { stampSocketAddress } from "../../http/client-address";

export type RouteHandler = (req: Request) => Promise<Response>;
export interface SeenRequest {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Serves route handlers (plain `(Request) => Promise<Response>`, as Next.js calls them) over
 * node:https, so tests talk to the real agent API code without a Next build. `override` lets a
 * test answer a route itself (doctored bundles, a lying enrollment answer).
 */
export async function startAgentApiServer(opts: {
  key: Buffer;
  cert: Buffer;
  routes: Record<string, RouteHandler>;
  /** Listen on this port (a restarted "console" keeps its address). */
  port?: number;
}) {
  const seen: SeenRequest[] = [];
  const overrides = new Map<string, RouteHandler>();
  const server = https.createServer({ key: opts.key, cert: opts.cert }, (req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500).end(String(e));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", `https://127.0.0.1:${port()}`);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    stampSocketAddress(headers, req.socket.remoteAddress);
    const request = new Request(url, {
      method: req.method,
      headers,
      body: req.method === "GET" || req.method === "HEAD" ? undefined : body,
    });
    const key = `${req.method} ${url.pathname}`;
    const handler = overrides.get(key) ?? opts.routes[key];
    const response = handler
      ? await handler(request)
      : Response.json({ error: { code: "not_found" } }, { status: 404 });
    const out = Buffer.from(await response.arrayBuffer());
    const h: Record<string, string> = {};
    response.headers.forEach((v, k) => {
      h[k] = v;
    });
    seen.push({
      method: req.method ?? "",
      path: url.pathname,
      status: response.status,
      headers: Object.fromEntries(headers),
      body: body.toString("utf8"),
    });
    res.writeHead(response.status, h).end(out);
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const port = () => (server.address() as AddressInfo).port;
  const origin = `https://127.0.0.1:${port()}`;
  return {
    origin,
    seen,
    overrides,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
