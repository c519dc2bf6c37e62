import { hashToken } from "@luminous/crypto";
import { checkValueLimits } from "@luminous/json-limits";
import { hit } from "../auth/rate-limit";
import { db } from "../db";
import { env } from "../env";
import { log } from "../log";
import { SCIM_BASE_PATH, type ScimCtx } from "../scim/scim-context";
import { ScimError, scimErrorBody } from "../scim/scim-error";
import { recordSecurityEvent } from "../security-log/record-security-event";
import { AppError } from "./errors";
import { readJson } from "./read-body";
import { clientIp, userAgent } from "./request-meta";
import { serve } from "./serve";

export const SCIM_TOKEN_PREFIX = "lnx_scim";
export const SCIM_CONTENT_TYPE = "application/scim+json";
/** A SCIM document is a few levels deep; a group's member list is the only long part. */
const SCIM_BODY = { maxBytes: 1024 * 1024, maxDepth: 16 };
const SCIM_VALUE = { maxStringLength: 64 * 1024, maxNodes: 60_000 };

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };
type ScimHandler = (ctx: ScimCtx, req: Request, params: Record<string, string>) => Promise<unknown>;

export function scimJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": SCIM_CONTENT_TYPE, ...headers },
  });
}

/** Any error as a SCIM error document: the shared error codes keep their status. */
function scimErrorResponse(e: unknown, requestId: string): Response {
  let err: ScimError;
  const headers: Record<string, string> = {};
  if (e instanceof ScimError) err = e;
  else if (e instanceof AppError) {
    if (e.extra.retryAfterSeconds) headers["retry-after"] = String(e.extra.retryAfterSeconds);
    const map: Record<string, [number, ScimError["scimType"]]> = {
      validation: [400, "invalidSyntax"],
      unauthenticated: [401, undefined],
      forbidden: [403, undefined],
      not_found: [404, undefined],
      conflict: [409, "uniqueness"],
      too_large: [413, undefined],
      rate_limited: [429, undefined],
      unavailable: [503, undefined],
    };
    const [status, scimType] = map[e.code] ?? [500, undefined];
    err = new ScimError(status, status === 500 ? `Internal error (reference ${requestId})` : e.message, scimType);
  } else if ((e as { code?: unknown })?.code === "P2002") {
    err = new ScimError(409, "A resource with this value already exists", "uniqueness");
  } else {
    log("error", "unhandled error", { requestId, err: e });
    err = new ScimError(500, `Internal error (reference ${requestId})`);
  }
  return scimJson(scimErrorBody(err), err.status, headers);
}

/** The org's SCIM settings for a bearer token, or a 401 (recorded in the security log). */
async function authenticateScim(req: Request) {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "");
  const config = m?.[1] ? await db().scimConfig.findUnique({ where: { tokenHash: hashToken(m[1]) } }) : null;
  if (!config) {
    recordSecurityEvent("scim.token.refused", clientIp(req), { path: new URL(req.url).pathname });
    throw new ScimError(401, "The SCIM bearer token is missing, revoked or replaced");
  }
  return config;
}

/**
 * The one wrapper of SCIM route handlers: the org's bearer token (hashed lookup), a rate limit per
 * token shared by every node, and errors as SCIM error documents (`application/scim+json`).
 */
export function withScimToken(handler: ScimHandler) {
  return (req: Request, routeCtx?: RouteContext): Promise<Response> =>
    serve(req, "scim", async (requestId, logFields) => {
      try {
        const config = await authenticateScim(req);
        logFields.orgId = config.orgId;
        await hit(`scim:${config.tokenHash}`, env().SCIM_RATE_LIMIT_PER_MINUTE, 60);
        if (!config.tokenLastUsedAt || Date.now() - config.tokenLastUsedAt.getTime() > 60_000) {
          await db().scimConfig.update({ where: { orgId: config.orgId }, data: { tokenLastUsedAt: new Date() } });
        }
        const ctx: ScimCtx = {
          orgId: config.orgId,
          config,
          requestId,
          base: `${env().PUBLIC_URL.replace(/\/$/, "")}${SCIM_BASE_PATH}`,
          meta: {
            actor: { type: "system", id: null, label: "scim" },
            ip: clientIp(req),
            userAgent: userAgent(req),
            sessionId: `scim:${config.tokenPrefix ?? ""}`,
            requestId,
          },
        };
        const raw = (await routeCtx?.params) ?? {};
        const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v ?? "")]));
        const out = await handler(ctx, req, params);
        return out instanceof Response ? out : scimJson(out);
      } catch (e) {
        return scimErrorResponse(e, requestId);
      }
    });
}

/** A SCIM request body within the shared size, nesting, string and node limits. */
export async function readScimBody(req: Request): Promise<Record<string, unknown>> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type && type !== SCIM_CONTENT_TYPE && type !== "application/json") {
    throw new ScimError(415, `Content-Type must be ${SCIM_CONTENT_TYPE} or application/json`);
  }
  const body = await readJson(req, SCIM_BODY);
  const problem = checkValueLimits(body, SCIM_VALUE, "(body)");
  if (problem) throw new ScimError(400, `${problem.path}: ${problem.message}`, "invalidSyntax");
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ScimError(400, "The request body must be a JSON object", "invalidSyntax");
  }
  return body as Record<string, unknown>;
}
