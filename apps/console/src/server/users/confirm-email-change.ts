import { hashToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { revokeUserSessions } from "../auth/session";
import { db } from "../db";
import { AppError } from "../http/errors";
import { recordSecurityEvent } from "../security-log/record-security-event";

const DEAD_LINK = "This confirmation link is invalid or has expired; ask an admin to change the email again";

/** Whether a confirmation link can still be used (the page says so before anyone clicks). */
export async function emailChangeIsUsable(token: string): Promise<boolean> {
  if (token.length < 10 || token.length > 200) return false;
  const u = await db().user.findUnique({
    where: { emailChangeTokenHash: hashToken(token) },
    select: { emailChangeExpiresAt: true, status: true, pendingEmail: true },
  });
  return Boolean(
    u?.pendingEmail && u.emailChangeExpiresAt && u.emailChangeExpiresAt > new Date() && u.status === "active",
  );
}

/**
 * The new address confirms an email change: the link was sent only there, so whoever opens it
 * holds that mailbox, and may be told that the address already belongs to another account. The
 * account's sessions end (they were opened under the old email); its API tokens stay valid.
 */
export async function confirmEmailChange(token: string, meta: { ip?: string | null; userAgent?: string | null }) {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { emailChangeTokenHash: hashToken(token) } });
    if (!user?.pendingEmail || !user.emailChangeExpiresAt || user.emailChangeExpiresAt <= new Date()) {
      throw new AppError("not_found", DEAD_LINK);
    }
    if (user.status !== "active") throw new AppError("not_found", DEAD_LINK);
    const email = user.pendingEmail;
    const actor = { actor: { type: "user" as const, id: user.id, label: user.email }, ...meta };
    const taken = await tx.user.findFirst({
      where: { id: { not: user.id }, OR: [{ email }, { orgId: user.orgId, heldEmail: email }] },
      select: { id: true },
    });
    if (taken) {
      // Told to the mailbox's holder only. The change stays pending until it expires, exactly as
      // if the email had been ignored, so the org that asked learns nothing about other accounts.
      recordSecurityEvent("user.email_change.address_in_use", meta.ip ?? "unknown", { userId: user.id });
      return {
        changed: false as const,
        message: `${email} already belongs to another Luminous Console account, so this account keeps its current email`,
      };
    }
    const cleared = { pendingEmail: null, emailChangeTokenHash: null, emailChangeExpiresAt: null };
    await tx.user.update({ where: { id: user.id }, data: { ...cleared, email } });
    await recordAudit(tx, user.orgId, actor, {
      action: "user.email.change",
      outcome: "success",
      target: { type: "user", id: user.id, label: email },
      before: { email: user.email },
      after: { email },
    });
    await revokeUserSessions(user.id, "email_changed", tx);
    return { changed: true as const, email };
  });
}
