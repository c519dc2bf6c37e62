import type { AuditMeta } from "../audit/record-audit";
import { AppError } from "../http/errors";
import { clientIp, userAgent } from "../http/request-meta";
import { serve } from "../http/serve";
import { type AuthedDevice, authenticateDevice } from "./authenticate-device";
import { AGENT_API } from "./constants";

export interface AgentCtx {
  meta: AuditMeta;
  requestId: string;
  ip: string | null;
}

/** Reads the raw body (the device token signs its exact bytes) under the agent API's size limit. */
async function readBody(req: Request): Promise<string> {
  const limit = AGENT_API.maxBodyBytes;
  if (Number(req.headers.get("content-length") ?? "0") > limit) {
    throw new AppError("too_large", `Request body is larger than ${limit} bytes`);
  }
  const text = await req.text();
  if (Buffer.byteLength(text) > limit) throw new AppError("too_large", `Request body is larger than ${limit} bytes`);
  return text;
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation", "Malformed JSON", { fields: [{ path: "(body)", message: "malformed JSON" }] });
  }
}

/**
 * The transport wrapper of the agent API (the agent's counterpart of withPermission): request id,
 * size limit, JSON errors, a log line per request; with `device: true` the caller must be an
 * enrolled, non-revoked device signing this exact request.
 */
function wrap<T>(run: (req: Request, ctx: AgentCtx, body: string) => Promise<T>) {
  return (req: Request): Promise<Response> =>
    serve(req, "agent request", async (requestId) => {
      const ip = clientIp(req);
      const ctx: AgentCtx = {
        requestId,
        ip,
        meta: { actor: { type: "anonymous" }, ip, userAgent: userAgent(req), requestId },
      };
      return run(req, ctx, await readBody(req));
    });
}

/** An unauthenticated agent route (enrollment: the token in the body is the credential). */
export function publicAgentRoute(handler: (req: Request, ctx: AgentCtx, body: unknown) => Promise<unknown>) {
  return wrap((req, ctx, text) => handler(req, ctx, parseJsonBody(text)));
}

/** A device-authenticated agent route. */
export function deviceRoute(
  handler: (req: Request, ctx: AgentCtx & { device: AuthedDevice }, body: unknown) => Promise<unknown>,
) {
  return wrap(async (req, ctx, text) => {
    const device = await authenticateDevice(req, text, ctx.meta);
    const meta: AuditMeta = { ...ctx.meta, actor: { type: "device", id: device.id, label: device.hostname } };
    return handler(req, { ...ctx, meta, device }, parseJsonBody(text));
  });
}
