import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { createDeviceJwt } from "./device-jwt";

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
}

/** The server refused us with a reason (401 device_revoked, replay...): carried for the caller. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string | null,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ClientOptions {
  server: string;
  caFile: string | null;
  timeoutMs?: number;
  /** When set, every request is signed with the device key. */
  device?: { id: string; privateKeyPem: string };
}

const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** A tiny HTTPS client (node:https, so a custom CA file works without extra dependencies). */
export function createClient(opts: ClientOptions) {
  const base = new URL(opts.server);
  const ca = opts.caFile ? readFileSync(opts.caFile) : undefined;
  const lib = base.protocol === "https:" ? https : http;

  function request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const text = body === undefined ? "" : JSON.stringify(body);
    const h: Record<string, string> = { accept: "application/json", ...headers };
    if (body !== undefined) h["content-type"] = "application/json";
    h["content-length"] = String(Buffer.byteLength(text));
    if (opts.device) {
      h.authorization = `Device ${createDeviceJwt(opts.device.privateKeyPem, opts.device.id, { method, path, body: text })}`;
    }
    return new Promise((resolve, reject) => {
      const req = lib.request(
        {
          protocol: base.protocol,
          hostname: base.hostname.replace(/^\[|\]$/g, ""),
          port: base.port,
          path,
          method,
          headers: h,
          ca,
          timeout: opts.timeoutMs ?? 15_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(new Error("response too large"));
            else chunks.push(c);
          });
          res.on("end", () => {
            const t = Buffer.concat(chunks).toString("utf8");
            let json: unknown;
            try {
              json = t ? JSON.parse(t) : undefined;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text: t, json });
          });
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error(`request to ${base.origin}${path} timed out`)));
      req.on("error", reject);
      req.end(text);
    });
  }

  /** Throws ApiError for any status outside `ok`. */
  async function call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
    ok = [200, 201, 204],
  ) {
    const res = await request(method, path, body, headers);
    if (!ok.includes(res.status)) {
      const err = (res.json as { error?: { message?: string; reason?: string } } | undefined)?.error;
      throw new ApiError(
        res.status,
        err?.reason ?? null,
        `${method} ${path}: HTTP ${res.status}${err?.message ? ` ${err.message}` : ""}`,
      );
    }
    return res;
  }

  return { request, call };
}
export type Client = ReturnType<typeof createClient>;
