import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { notifyApprovalChange, notifyApprovalEvent, notifyApprovalExpired } from "./approval-notify";
import type { NoticeRequest } from "./notify-approvers";
import { recordApprovalEvent } from "./record-approval-event";

const SYSTEM: AuditMeta = { actor: { type: "system", label: "approval expiry" } };

type Row = NoticeRequest & { expiresAt: Date; validUntil: Date | null };

/**
 * Marks an org's pending requests past their expiry as expired, each with an approval.expire event
 * and a notice to the requester's console account (and email and webhooks: notifyApprovalEvent).
 * Run before anything reads requests (inbox, agent wait, decide) and by the worker; the conditional UPDATE hands each row to exactly one caller,
 * however many run at once, so the event and the notice happen once. Expired requests are kept.
 */
export async function expireApprovalRequests(orgId: string, now = new Date()): Promise<number> {
  const expired = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Row[]>`
      UPDATE "ApprovalRequest" SET "status" = 'expired', "decidedAt" = ${now}
      WHERE "orgId" = ${orgId}::uuid AND "status" = 'pending' AND "expiresAt" <= ${now}
      RETURNING "id", "action", "localUser", "packages", "services", "reason", "expiresAt", "validUntil"`;
    for (const r of rows) {
      await recordApprovalEvent(tx, orgId, SYSTEM, "expire", r, "failure", { expiresAt: r.expiresAt.toISOString() });
      await notifyApprovalExpired(tx, orgId, r);
      await notifyApprovalEvent(tx, "expired", { id: r.id, orgId });
    }
    return rows;
  });
  for (const r of expired) await notifyApprovalChange(r.id);
  return expired.length;
}

/**
 * Approvals nobody used before their validUntil: recorded once each (approval.lapse), so the record
 * ends with the fact that the approved action was never run. The worker runs it.
 */
export async function recordLapsedApprovals(orgId: string, now = new Date()): Promise<number> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<Row[]>`
      UPDATE "ApprovalRequest" SET "lapsedAt" = ${now}
      WHERE "orgId" = ${orgId}::uuid AND "status" = 'approved' AND "usedAt" IS NULL
        AND "lapsedAt" IS NULL AND "validUntil" <= ${now}
      RETURNING "id", "action", "localUser", "packages", "services", "reason", "expiresAt", "validUntil"`;
    for (const r of rows) {
      await recordApprovalEvent(tx, orgId, SYSTEM, "lapse", r, "failure", { validUntil: r.validUntil?.toISOString() });
    }
    return rows.length;
  });
}
