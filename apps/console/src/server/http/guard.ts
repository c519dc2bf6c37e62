import { type AuditMeta, recordAuditNow } from "../audit/record-audit";
import { can, type TPermission } from "../auth/permissions";
import { authenticate, type Principal } from "./authenticate";
import { AppError } from "./errors";
import { clientIp, userAgent } from "./request-meta";
import { serve } from "./serve";

/** What every domain operation receives: who, which org, and the audit metadata. */
export interface Ctx {
  orgId: string;
  principal: Principal;
  meta: AuditMeta;
  requestId: string;
}

type Params = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<Params> };
type Handler = (ctx: Ctx, req: Request, params: Record<string, string>) => Promise<unknown>;

/** Next.js route params (a promise of string or string[] values) as plain strings. */
async function routeParams(routeCtx?: RouteContext): Promise<Record<string, string>> {
  const raw = (await routeCtx?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
}

export function metaOf(p: Principal, req: Request, requestId: string): AuditMeta {
  return {
    actor: { type: p.via === "api_token" ? "api_token" : "user", id: p.userId, label: p.email },
    ip: clientIp(req),
    userAgent: userAgent(req),
    sessionId: p.sessionId ?? (p.tokenId ? `token:${p.tokenId}` : null),
    requestId,
  };
}

/**
 * The one authorization wrapper for route handlers. Authenticates (session cookie or API token),
 * checks the named permission against the caller's role, records a denied attempt, and hands the
 * domain code an org-scoped context. Errors become JSON with the right status.
 * Permission null = any signed-in user (their own profile, tokens).
 */
export function withPermission(permission: TPermission | null, handler: Handler) {
  return (req: Request, routeCtx?: RouteContext): Promise<Response> =>
    serve(req, "request", async (requestId) => {
      const principal = await authenticate(req);
      const ctx: Ctx = { orgId: principal.orgId, principal, meta: metaOf(principal, req, requestId), requestId };
      if (permission && !can(principal.role, permission)) {
        await recordAuditNow(principal.orgId, ctx.meta, {
          action: permission,
          outcome: "denied",
          data: { method: req.method, path: new URL(req.url).pathname, role: principal.role },
        });
        throw new AppError("forbidden", `Your role (${principal.role}) does not have the permission ${permission}`);
      }
      const params = await routeParams(routeCtx);
      try {
        return await handler(ctx, req, params);
      } catch (e) {
        // Refusals decided deeper (role hierarchy, a second permission) are recorded like the guard's own.
        if (e instanceof AppError && e.code === "forbidden") {
          await recordAuditNow(principal.orgId, ctx.meta, {
            action: e.extra.reason ?? permission ?? "request",
            outcome: "denied",
            data: { method: req.method, path: new URL(req.url).pathname, role: principal.role, why: e.message },
          });
        }
        throw e;
      }
    });
}

/** For the few unauthenticated endpoints (health, invitation, agent enrollment): errors and logs only. */
export function publicRoute(
  handler: (req: Request, params: Record<string, string>, requestId: string) => Promise<unknown>,
) {
  return (req: Request, routeCtx?: RouteContext): Promise<Response> =>
    serve(req, null, async (requestId) => handler(req, await routeParams(routeCtx), requestId));
}
