import { authenticateDevice } from "../agent/authenticate-device";
import type { AuditMeta } from "../audit/record-audit";
import { isDatabaseDown } from "../http/database-down";
import { AppError } from "../http/errors";
import { clientIp, requestIdOf, userAgent } from "../http/request-meta";
import { errorResponse, json } from "../http/respond";
import { log } from "../log";
import { ingestEvents, recordRefusedBatch } from "./ingest-events";
import { INGEST } from "./limits";
import { takeIngestToken } from "./rate-limit";
import { decodeEventsBody, readRawBody } from "./read-events-body";

/**
 * POST /api/agent/v1/events. Transport only: the exact (possibly gzip-compressed) bytes are read
 * under the size limit and authenticated with the device token (which signs them), then decoded
 * and handed to ingestEvents. 200 is sent only after the commit. Postgres unreachable -> 503 with
 * Retry-After, so the agent keeps its spool and retries.
 */
export async function handleEventsPost(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  const started = Date.now();
  let status = 500;
  let count = 0;
  try {
    const ip = clientIp(req);
    const meta: AuditMeta = { actor: { type: "anonymous" }, ip, userAgent: userAgent(req), requestId };
    const raw = await readRawBody(req);
    const device = await authenticateDevice(req, raw, meta);
    const wait = takeIngestToken(device.id);
    if (wait > 0)
      throw new AppError("rate_limited", "Too many event batches from this device", { retryAfterSeconds: wait });
    const target = { id: device.id, orgId: device.orgId, hostname: device.hostname };
    let body: unknown;
    try {
      body = decodeEventsBody(raw, req.headers.get("content-encoding"));
      count = Array.isArray((body as { events?: unknown })?.events) ? (body as { events: unknown[] }).events.length : 0;
      const result = await ingestEvents(target, body, { requestId });
      status = 200;
      const res = json(result, { status: 200 });
      res.headers.set("x-request-id", requestId);
      return res;
    } catch (e) {
      if (e instanceof AppError && e.code === "validation") await recordRefusedBatch(target, e);
      throw e;
    }
  } catch (e) {
    const err = isDatabaseDown(e)
      ? new AppError("unavailable", "The audit store is unavailable; keep the events and retry", {
          retryAfterSeconds: INGEST.retryAfterSeconds,
        })
      : e;
    const res = errorResponse(err, requestId);
    status = res.status;
    return res;
  } finally {
    log("info", "agent request", {
      requestId,
      method: "POST",
      path: "/api/agent/v1/events",
      status,
      events: count,
      ms: Date.now() - started,
    });
  }
}
