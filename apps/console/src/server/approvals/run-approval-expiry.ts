import { db } from "../db";
import { log } from "../log";
import { expireApprovalRequests, recordLapsedApprovals } from "./expire-approval-requests";

/**
 * The worker's approval job: in every org with something due, pending requests past their expiry
 * become expired and unused approvals past their validity are recorded as lapsed. One org's failure
 * is logged, not fatal. The reads the inbox and agents make apply expiry too; each row still
 * changes (and is recorded) once.
 */
export async function runApprovalExpiry(now = new Date()): Promise<{ expired: number; lapsed: number }> {
  const due = await db().$queryRaw<{ orgId: string }[]>`
    SELECT DISTINCT "orgId" FROM "ApprovalRequest"
    WHERE ("status" = 'pending' AND "expiresAt" <= ${now})
       OR ("status" = 'approved' AND "usedAt" IS NULL AND "lapsedAt" IS NULL AND "validUntil" <= ${now})`;
  let expired = 0;
  let lapsed = 0;
  for (const { orgId } of due) {
    try {
      const e = await expireApprovalRequests(orgId, now);
      const l = await recordLapsedApprovals(orgId, now);
      expired += e;
      lapsed += l;
      if (e || l) log("info", "approval requests expired", { orgId, expired: e, lapsed: l });
    } catch (err) {
      log("error", "approval expiry failed", { orgId, err });
    }
  }
  return { expired, lapsed };
}
