import { recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import type { TTestEmail } from "./schemas";
import { sendEmail } from "./smtp-send";

/**
 * The "Send test email" button: sends at once through the saved settings (not through the
 * outbox, so the admin sees the answer), shows it in the delivery log and records it as an
 * audit event. A failure is a result with the failure's class, not an error.
 */
export async function sendTestEmail(ctx: Ctx, input: TTestEmail) {
  const settings = await db().emailSettings.findUnique({ where: { orgId: ctx.orgId } });
  if (!settings) {
    const message = "Save the mail server settings first";
    throw new AppError("validation", message, { fields: [{ path: "host", message }] });
  }
  const subject = "Luminous Console test email";
  let error: string | null = null;
  try {
    await sendEmail(settings, {
      to: [input.to],
      subject,
      text: `This is a test email from Luminous Console, sent by ${ctx.principal.email}.\n\nIf you can read it, approval requests and invitations can reach people by email.\n`,
    });
  } catch (e) {
    error = (e as Error).message;
  }
  const now = new Date();
  await db().notificationDelivery.create({
    data: {
      orgId: ctx.orgId,
      channel: "email",
      target: input.to,
      event: "email.test",
      summary: subject,
      body: "",
      state: error ? "failed" : "delivered",
      attempts: 1,
      nextAttemptAt: now,
      lastError: error,
      deliveredAt: error ? null : now,
    },
  });
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action: "settings.email.test",
    outcome: error ? "failure" : "success",
    target: { type: "org", id: ctx.orgId, label: "mail server" },
    data: { to: input.to, host: settings.host, port: settings.port, security: settings.security, error },
  });
  return error
    ? { ok: false, message: `The test email was not sent: ${error}` }
    : { ok: true, message: `Sent to ${input.to} through ${settings.host}:${settings.port}` };
}
