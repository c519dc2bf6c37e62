import { recordAudit, recordAuditNow } from "../audit/record-audit";
import { assertReauthAllowed, countReauthFailure } from "../auth/reauth-limit";
import { secondFactorsOf, verifyFreshSecondFactor } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import type { TSecondFactorProof } from "../webauthn/schemas";
import { stepUpState } from "./require-step-up";

/** What the console needs to decide whether to prompt, and with which factors. */
export async function getStepUpStatus(ctx: Ctx) {
  const st = await stepUpState(ctx);
  return {
    enabled: st.minutes !== null,
    minutes: st.minutes,
    fresh: st.fresh,
    freshUntil: st.fresh ? (st.freshUntil?.toISOString() ?? null) : null,
    factor: st.fresh ? st.factor : null,
    factors: await secondFactorsOf(ctx.principal.userId),
  };
}

/**
 * Step-up: the signed-in session proves a fresh second factor (TOTP, recovery code or security
 * key); the time and factor are kept on the session row, so every console node sees it. Wrong
 * factors count against the same limit as other re-authentications, and are recorded.
 */
export async function performStepUp(ctx: Ctx, proof: TSecondFactorProof) {
  const sessionId = ctx.principal.via === "session" ? ctx.principal.sessionId : null;
  if (!sessionId) {
    throw new AppError("forbidden", "Step-up belongs to a console session: an API token cannot step up", {
      reason: "auth.step_up",
    });
  }
  const target = { type: "user", id: ctx.principal.userId, label: ctx.principal.email };
  await assertReauthAllowed(ctx, "auth.step_up", target);
  const r = await verifyFreshSecondFactor(ctx, proof, "step_up");
  if (!r.ok) {
    await countReauthFailure(ctx);
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action: "auth.step_up",
      outcome: "failure",
      target,
      data: { reason: r.reason },
    });
    throw new AppError("validation", r.message, { fields: [{ path: r.path, message: r.message }] });
  }
  await db().$transaction(async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { stepUpAt: r.at, stepUpFactor: r.factor } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "auth.step_up",
      outcome: "success",
      target,
      data: { factor: r.factor, ...(r.detail ? { key: r.detail } : {}) },
    });
  });
  return getStepUpStatus(ctx);
}
