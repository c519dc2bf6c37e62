import { hashToken, newToken } from "@luminous/crypto";
import type { User } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { enqueueEmail } from "../notifications/enqueue-notification";
import { assertEmailFreeInOrg } from "./held-email";

export const EMAIL_CHANGE_HOURS = 24;

export const NEEDS_EMAIL_DELIVERY =
  "An account's email changes only once the new address confirms it, and that needs email delivery: " +
  "configure a mail server in Settings -> Notifications, or invite the person under the new address";

/**
 * Asks the new address to confirm an account's email change; the account keeps its email until
 * the link sent there is opened (confirm-email-change.ts). The answer is the same whether or not
 * another organisation has an account with that email, so it tells this org nothing about
 * others; only the mailbox's owner learns that, from the confirmation. Without a mail server
 * nobody can prove the mailbox, so the change is refused the same way for every address.
 */
export async function requestEmailChange(tx: Tx, ctx: Ctx, user: User, email: string): Promise<void> {
  await assertEmailFreeInOrg(tx, ctx.orgId, email, user.id);
  const token = newToken("lnxv");
  const link = `${env().PUBLIC_URL}/verify-email?token=${encodeURIComponent(token)}`;
  const queued = await enqueueEmail(tx, ctx.orgId, [email], {
    event: "user.email_change",
    subject: "Confirm your new email address for Luminous Console",
    text: [
      `Hello ${user.name},`,
      "",
      `${ctx.principal.name || ctx.principal.email} asked to change the email of your Luminous Console account to this address.`,
      `Open this link within ${EMAIL_CHANGE_HOURS} hours to confirm it:`,
      "",
      link,
      "",
      "If you did not expect this, ignore this email: nothing changes until the link is opened.",
    ].join("\n"),
  });
  if (queued === 0) {
    throw new AppError("conflict", NEEDS_EMAIL_DELIVERY, {
      fields: [{ path: "email", message: NEEDS_EMAIL_DELIVERY }],
    });
  }
  await tx.user.update({
    where: { id: user.id },
    data: {
      pendingEmail: email,
      emailChangeTokenHash: hashToken(token),
      emailChangeExpiresAt: new Date(Date.now() + EMAIL_CHANGE_HOURS * 3600_000),
    },
  });
  await recordAudit(tx, ctx.orgId, ctx.meta, {
    action: "user.email.change_requested",
    outcome: "success",
    target: { type: "user", id: user.id, label: user.email },
    before: { email: user.email },
    after: { pendingEmail: email },
  });
}
