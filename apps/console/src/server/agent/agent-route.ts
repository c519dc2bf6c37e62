import type { AuditMeta } from "../audit/record-audit";
import type { FieldError } from "../http/errors";
import { type BodyLimits, decodeBody, parseJsonItems, parseJsonText, readRawBody } from "../http/read-body";
import { clientIp, userAgent } from "../http/request-meta";
import { serve } from "../http/serve";
import { type AuthedDevice, authenticateDevice } from "./authenticate-device";
import { AGENT_API } from "./constants";

export interface AgentCtx {
  meta: AuditMeta;
  requestId: string;
  ip: string | null;
  /** Extra fields for this request's log line (ingestion adds its event count). */
  logFields: Record<string, unknown>;
}

type DeviceCtx = AgentCtx & { device: AuthedDevice };

/** A body handed over undecoded: the route decides when to decode it (and what a refusal records). */
export interface RawBody {
  /** The exact bytes on the wire. */
  bytes: Buffer;
  /** Decoded (gzip if allowed), then parsed with the items of `itemsOf` nesting past the limit set apart. */
  items(): { value: unknown; tooDeep: Map<number, FieldError> };
}

export interface RawBodyOptions extends BodyLimits {
  /** The top-level array whose items are refused one by one. */
  itemsOf: string;
  maxItems: number;
}

/**
 * The transport wrapper of the agent API (the agent's counterpart of withPermission): request id,
 * size limit, JSON errors, a log line per request; the body is read once by the shared reader.
 */
function wrap<T>(limits: BodyLimits, run: (req: Request, ctx: AgentCtx, raw: Buffer) => Promise<T>) {
  return (req: Request): Promise<Response> =>
    serve(req, "agent request", async (requestId, logFields) => {
      const ip = clientIp(req);
      const ctx: AgentCtx = {
        requestId,
        ip,
        logFields,
        meta: { actor: { type: "anonymous" }, ip, userAgent: userAgent(req), requestId },
      };
      return run(req, ctx, await readRawBody(req, limits.maxBytes));
    });
}

const JSON_BODY: BodyLimits = { maxBytes: AGENT_API.maxBodyBytes };
const jsonOf = (req: Request, raw: Buffer, limits: BodyLimits) =>
  parseJsonText(decodeBody(raw, req.headers.get("content-encoding"), limits), limits.maxDepth);

/** An unauthenticated agent route (enrollment: the token in the body is the credential). */
export function publicAgentRoute(handler: (req: Request, ctx: AgentCtx, body: unknown) => Promise<unknown>) {
  return wrap(JSON_BODY, (req, ctx, raw) => handler(req, ctx, jsonOf(req, raw, JSON_BODY)));
}

async function asDevice(req: Request, ctx: AgentCtx, raw: Buffer): Promise<DeviceCtx> {
  // The device token signs the exact bytes on the wire, so they are authenticated before decoding.
  const device = await authenticateDevice(req, raw, ctx.meta);
  const meta: AuditMeta = { ...ctx.meta, actor: { type: "device", id: device.id, label: device.hostname } };
  return { ...ctx, meta, device };
}

/**
 * A device-authenticated agent route: the caller must be an enrolled, non-revoked device signing
 * this exact request. With `raw`, the handler gets the body undecoded (gzip allowed within
 * `maxDecodedBytes`) and decodes it itself, so it can record a refused body (ingestion).
 */
export function deviceRoute(
  handler: (req: Request, ctx: DeviceCtx, body: unknown) => Promise<unknown>,
): (req: Request) => Promise<Response>;
export function deviceRoute(
  handler: (req: Request, ctx: DeviceCtx, body: RawBody) => Promise<unknown>,
  opts: { raw: RawBodyOptions },
): (req: Request) => Promise<Response>;
export function deviceRoute(
  handler: (req: Request, ctx: DeviceCtx, body: never) => Promise<unknown>,
  opts?: { raw: RawBodyOptions },
) {
  const raw = opts?.raw;
  if (!raw) {
    const h = handler as (req: Request, ctx: DeviceCtx, body: unknown) => Promise<unknown>;
    return wrap(JSON_BODY, async (req, ctx, bytes) =>
      h(req, await asDevice(req, ctx, bytes), jsonOf(req, bytes, JSON_BODY)),
    );
  }
  const h = handler as (req: Request, ctx: DeviceCtx, body: RawBody) => Promise<unknown>;
  return wrap(raw, async (req, ctx, bytes) =>
    h(req, await asDevice(req, ctx, bytes), {
      bytes,
      items: () =>
        parseJsonItems(
          decodeBody(bytes, req.headers.get("content-encoding"), raw),
          raw.itemsOf,
          raw.maxItems,
          raw.maxDepth,
        ),
    }),
  );
}
