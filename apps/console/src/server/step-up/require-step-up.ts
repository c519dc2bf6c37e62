import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { STEP_UP_ACTIONS, type TStepUpAction } from "./schemas";

/** Whether the session proved a second factor within the org's window; null when step-up is off. */
export async function stepUpState(ctx: Ctx) {
  const org = await db().org.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { stepUpMinutes: true } });
  const minutes = org.stepUpMinutes;
  const s =
    ctx.principal.via === "session" && ctx.principal.sessionId
      ? await db().session.findUnique({
          where: { id: ctx.principal.sessionId },
          select: { stepUpAt: true, stepUpFactor: true },
        })
      : null;
  const freshUntil = minutes && s?.stepUpAt ? new Date(s.stepUpAt.getTime() + minutes * 60_000) : null;
  return {
    minutes,
    stepUpAt: s?.stepUpAt ?? null,
    factor: s?.stepUpFactor ?? null,
    freshUntil,
    fresh: freshUntil !== null && freshUntil > new Date(),
  };
}

/**
 * The gate in front of a sensitive action. With the org's step-up setting on, the caller's console
 * session must have proved a second factor within the last N minutes; otherwise the action is
 * refused with `step_up_required` (403), which the console turns into a prompt and a retry, and the
 * refusal is recorded. An API token can never pass: it has no session to step up, and a token must
 * not be a way around the second factor. When passed, the action's audit events in this request
 * carry `stepUp: { factor, at }`.
 */
export async function requireStepUp(ctx: Ctx, action: TStepUpAction): Promise<void> {
  const st = await stepUpState(ctx);
  if (!st.minutes) return;
  const what = STEP_UP_ACTIONS[action];
  const viaToken = ctx.principal.via !== "session";
  if (viaToken || !st.fresh || !st.stepUpAt || !st.factor) {
    await recordAuditNow(ctx.orgId, ctx.meta, {
      action,
      outcome: "denied",
      data: {
        reason: viaToken ? "step_up_required_api_token" : "step_up_required",
        minutes: st.minutes,
        lastStepUpAt: st.stepUpAt?.toISOString() ?? null,
      },
    });
    throw new AppError(
      "step_up_required",
      viaToken
        ? `To ${what}, this organisation requires a fresh second factor (within ${st.minutes} minutes); an API token cannot provide one: do it from a signed-in console session`
        : `To ${what}, confirm with a fresh second factor: this organisation requires one within ${st.minutes} minutes for sensitive actions`,
      { reason: action },
    );
  }
  ctx.meta.stepUp = { factor: st.factor, at: st.stepUpAt.toISOString() };
}
