import { deviceRoute } from "../agent/agent-route";
import { isDatabaseDown } from "../http/database-down";
import { AppError } from "../http/errors";
import { ingestEvents, recordRefusedBatch } from "./ingest-events";
import { INGEST } from "./limits";
import { takeIngestToken } from "./rate-limit";

/**
 * POST /api/agent/v1/events. Transport only: the device route reads the exact (possibly
 * gzip-compressed) bytes under the size limit and authenticates them (the device token signs
 * them); they are decoded here, so a body refused as a whole is recorded for admins. An event
 * nesting past the shared limit is refused on its own, the rest of the batch stored. 200 is sent
 * only after the commit. Postgres unreachable -> 503 with Retry-After, so the agent keeps its spool.
 */
export const handleEventsPost = deviceRoute(
  async (_req, ctx, body) => {
    const wait = takeIngestToken(ctx.device.id);
    if (wait > 0)
      throw new AppError("rate_limited", "Too many event batches from this device", { retryAfterSeconds: wait });
    const target = { id: ctx.device.id, orgId: ctx.device.orgId, hostname: ctx.device.hostname };
    ctx.logFields.events = 0;
    try {
      const { value, tooDeep } = body.items();
      const events = (value as { events?: unknown } | null)?.events;
      ctx.logFields.events = Array.isArray(events) ? events.length : 0;
      return await ingestEvents(target, value, { requestId: ctx.requestId, tooDeep });
    } catch (e) {
      if (e instanceof AppError && e.code === "validation") await recordRefusedBatch(target, e);
      if (isDatabaseDown(e)) {
        throw new AppError("unavailable", "The audit store is unavailable; keep the events and retry", {
          retryAfterSeconds: INGEST.retryAfterSeconds,
        });
      }
      throw e;
    }
  },
  {
    raw: {
      maxBytes: INGEST.maxBodyBytes,
      maxDecodedBytes: INGEST.maxDecodedBytes,
      itemsOf: "events",
      maxItems: INGEST.maxEventsPerBatch,
    },
  },
);
