import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { notifyApprovalChange } from "./approval-notify";
import { recordApprovalEvent } from "./record-approval-event";

const SYSTEM: AuditMeta = { actor: { type: "system", label: "approval expiry" } };

/**
 * Marks an org's pending requests past their expiry as expired, each with an approval.expire
 * event. Run before anything reads requests (inbox, agent wait, decide) and by the worker, so a
 * request is never shown or decided as pending after its time. Expired requests are kept.
 */
export async function expireApprovalRequests(orgId: string, now = new Date()): Promise<number> {
  const expired = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; action: string; localUser: string; expiresAt: Date }[]>`
      UPDATE "ApprovalRequest" SET "status" = 'expired', "decidedAt" = ${now}
      WHERE "orgId" = ${orgId}::uuid AND "status" = 'pending' AND "expiresAt" <= ${now}
      RETURNING "id", "action", "localUser", "expiresAt"`;
    for (const r of rows) {
      await recordApprovalEvent(tx, orgId, SYSTEM, "expire", r, "failure", { expiresAt: r.expiresAt.toISOString() });
    }
    return rows;
  });
  for (const r of expired) await notifyApprovalChange(r.id);
  return expired.length;
}
