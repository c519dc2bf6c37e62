import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { gzipSync } from "node:zlib";
import { createDeviceJwt } from "../device-jwt";
import type { TConfig } from "../files";
import type { Spool } from "./spool";

export const EVENTS_PATH = "/api/agent/v1/events";

/** The console asked us to wait (429 / 503 with Retry-After) or could not be reached. */
export class PushRetryLater extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "PushRetryLater";
  }
}

export interface PushAnswer {
  stored: number[];
  duplicates: number[];
  rejected: { index: number; seq: number | null; reason: string; message: string }[];
  integrity: { type: string; message: string }[];
}

export interface PushResult {
  sent: number;
  stored: number;
  duplicates: number;
  rejected: PushAnswer["rejected"];
}

function parseRetryAfter(v: string | string[] | undefined): number {
  const s = Array.isArray(v) ? v[0] : v;
  if (!s) return 0;
  const n = Number(s);
  if (Number.isFinite(n)) return Math.max(0, n * 1000);
  const at = Date.parse(s);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : 0;
}

/** One gzip-compressed, device-signed POST of a batch (the token signs the compressed bytes). */
function post(
  config: TConfig,
  privateKeyPem: string,
  body: Buffer,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  const base = new URL(config.server);
  const lib = base.protocol === "https:" ? https : http;
  const token = createDeviceJwt(privateKeyPem, config.deviceId, { method: "POST", path: EVENTS_PATH, body });
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        protocol: base.protocol,
        hostname: base.hostname.replace(/^\[|\]$/g, ""),
        port: base.port,
        path: EVENTS_PATH,
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(body.length),
          authorization: `Device ${token}`,
        },
        ca: config.caFile ? readFileSync(config.caFile) : undefined,
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`POST ${EVENTS_PATH} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Sends the oldest unacknowledged events (up to `batchSize`) and removes from the spool exactly
 * what the console acknowledged: stored (now or before) and refused for good (it recorded why).
 * 413 halves the batch; 429/503 and network errors become PushRetryLater.
 */
export async function pushBatch(
  spool: Spool,
  ctx: { config: TConfig; privateKeyPem: string },
  batchSize = 500,
): Promise<PushResult> {
  let size = batchSize;
  for (;;) {
    const events = spool.pending(size);
    if (events.length === 0) return { sent: 0, stored: 0, duplicates: 0, rejected: [] };
    const body = gzipSync(JSON.stringify({ events }));
    let res: Awaited<ReturnType<typeof post>>;
    try {
      res = await post(ctx.config, ctx.privateKeyPem, body);
    } catch (e) {
      throw new PushRetryLater(`console unreachable: ${(e as Error).message}`, 0, 0);
    }
    if (res.status === 413 && size > 1) {
      size = Math.max(1, Math.floor(size / 2));
      continue;
    }
    if (res.status === 429 || res.status === 503 || res.status >= 500) {
      throw new PushRetryLater(
        `POST ${EVENTS_PATH}: HTTP ${res.status}`,
        res.status,
        parseRetryAfter(res.headers["retry-after"]),
      );
    }
    if (res.status !== 200) {
      let message = res.text.slice(0, 300);
      try {
        message = (JSON.parse(res.text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {}
      throw new Error(`POST ${EVENTS_PATH}: HTTP ${res.status} ${message}`);
    }
    const answer = JSON.parse(res.text) as PushAnswer;
    const sentSeqs = new Set(events.map((e) => e.seq));
    const acked = [...answer.stored, ...answer.rejected.map((r) => r.seq)].filter(
      (s): s is number => typeof s === "number" && sentSeqs.has(s),
    );
    spool.ack(acked);
    return {
      sent: events.length,
      stored: answer.stored.length,
      duplicates: answer.duplicates.length,
      rejected: answer.rejected,
    };
  }
}
