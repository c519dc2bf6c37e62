import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { hit } from "./rate-limit";

/**
 * Wrong current passwords (and second factors) where a signed-in user re-proves who they are:
 * changing the password, turning TOTP off. A stolen session must not become a password oracle,
 * so failures are counted per user and per client address; once over, the check is refused
 * with 429 before any verification, and the refusal is audited.
 */
export const REAUTH_LIMITS = { perUser: 5, perAddress: 20, windowSeconds: 15 * 60 } as const;

const keys = (ctx: Ctx) => ({
  user: `reauth:user:${ctx.principal.userId}`,
  address: `reauth:ip:${ctx.meta.ip ?? "unknown"}`,
});

export async function assertReauthAllowed(ctx: Ctx, action: string, target: { id: string; label: string }) {
  const k = keys(ctx);
  const rows = await db().rateLimit.findMany({
    where: { key: { in: [k.user, k.address] }, resetAt: { gt: new Date() } },
  });
  const over = rows.find((r) => r.count >= (r.key === k.user ? REAUTH_LIMITS.perUser : REAUTH_LIMITS.perAddress));
  if (!over) return;
  const retry = Math.max(1, Math.ceil((over.resetAt.getTime() - Date.now()) / 1000));
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action,
    outcome: "failure",
    target: { type: "user", ...target },
    data: { reason: "rate_limited", retryAfterSeconds: retry },
  });
  throw new AppError("rate_limited", `Too many wrong attempts; try again in ${retry} seconds`, {
    retryAfterSeconds: retry,
  });
}

export async function countReauthFailure(ctx: Ctx): Promise<void> {
  const k = keys(ctx);
  await hit(k.user, Number.MAX_SAFE_INTEGER, REAUTH_LIMITS.windowSeconds);
  await hit(k.address, Number.MAX_SAFE_INTEGER, REAUTH_LIMITS.windowSeconds);
}
