import { recordAudit } from "../audit/record-audit";
import { secondFactorsOf } from "../auth/verify-fresh-second-factor";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { requireStepUp } from "./require-step-up";
import type { TStepUpSettings } from "./schemas";

export async function getStepUpSettings(ctx: Ctx) {
  const org = await db().org.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { stepUpMinutes: true } });
  return { minutes: org.stepUpMinutes };
}

/**
 * Turning step-up on, changing N or turning it off. While it is on, changing it is itself a
 * sensitive action (a stolen session must not switch it off first). Turning it on needs the
 * admin to have a second factor, or they would lock themselves out of the very actions it guards.
 */
export async function updateStepUpSettings(ctx: Ctx, input: TStepUpSettings) {
  const org = await db().org.findUniqueOrThrow({ where: { id: ctx.orgId } });
  if (org.stepUpMinutes === input.minutes) return { minutes: org.stepUpMinutes };
  if (org.stepUpMinutes !== null) await requireStepUp(ctx, "settings.step_up.update");
  if (input.minutes !== null) {
    const has = await secondFactorsOf(ctx.principal.userId);
    if (!has.totp && !has.webauthn) {
      const message = "Set up TOTP or a security key on your profile first: step-up would lock you out";
      throw new AppError("validation", message, { fields: [{ path: "minutes", message }] });
    }
  }
  await db().$transaction(async (tx) => {
    await tx.org.update({ where: { id: ctx.orgId }, data: { stepUpMinutes: input.minutes } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "settings.step_up.update",
      outcome: "success",
      target: { type: "org", id: ctx.orgId, label: org.name },
      before: { minutes: org.stepUpMinutes },
      after: { minutes: input.minutes },
    });
  });
  return { minutes: input.minutes };
}
