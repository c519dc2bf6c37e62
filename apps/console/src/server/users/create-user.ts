import { hashToken, newToken } from "@luminous/crypto";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { env } from "../env";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";
import { enqueueEmail, enqueueWebhookEvent } from "../notifications/enqueue-notification";
import { requireStepUp } from "../step-up/require-step-up";
import { assertCanManage, PRIVILEGED_ROLES } from "./guard-rank";
import { placeInviteEmail } from "./held-email";
import { presentUser } from "./present";
import type { TCreateUser } from "./schemas";

export const INVITE_DAYS = 7;

/**
 * Creates a local user with no password and a one-time invitation link (shown once) that lets
 * them set one. The link is the only way in until then. With a mail server configured the link is
 * also emailed to them (queued in the same transaction). An email whose account lives in another
 * organisation is answered the same way, emailed included, but held (see held-email.ts): its link
 * never works.
 */
export async function createUser(ctx: Ctx, input: TCreateUser) {
  assertCanManage(ctx, { id: "", role: "viewer" }, input.role);
  if (PRIVILEGED_ROLES.includes(input.role)) await requireStepUp(ctx, "user.create");
  const token = newToken("lnxi");
  const inviteUrl = `${env().PUBLIC_URL}/invite?token=${encodeURIComponent(token)}`;
  const { user, emailed } = await db().$transaction(async (tx) => {
    const placed = await placeInviteEmail(tx, ctx.orgId, input.email);
    const groups = input.groupIds.length
      ? await tx.group.findMany({ where: { orgId: ctx.orgId, id: { in: input.groupIds } } })
      : [];
    if (groups.length !== input.groupIds.length) throw new AppError("not_found", "Group not found");
    const u = await tx.user.create({
      data: {
        orgId: ctx.orgId,
        email: placed.email,
        heldEmail: placed.heldEmail,
        name: input.name,
        role: input.role,
        source: "local",
        inviteTokenHash: hashToken(token),
        inviteExpiresAt: new Date(Date.now() + INVITE_DAYS * 86400_000),
        memberships: { create: groups.map((g) => ({ orgId: ctx.orgId, groupId: g.id })) },
      },
    });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.create",
      outcome: "success",
      target: { type: "user", id: u.id, label: input.email },
      after: { email: input.email, name: u.name, role: u.role, groups: groups.map((g) => g.name) },
    });
    const sent = await enqueueEmail(tx, ctx.orgId, [input.email], {
      event: "user.invited",
      subject: "You are invited to Luminous Console",
      text: `${ctx.principal.email} invited you to Luminous Console as ${input.name}.\n\nSet your password here (the link works once and for ${INVITE_DAYS} days):\n${inviteUrl}\n\nIf you did not expect this, ignore this email.\n`,
    });
    await enqueueWebhookEvent(tx, ctx.orgId, "user.invited", {
      user: { id: u.id, email: input.email, name: u.name, role: u.role },
      invitedBy: ctx.principal.email,
    });
    return { user: u, emailed: sent > 0 };
  });
  return { user: presentUser(user), inviteUrl, emailed };
}
