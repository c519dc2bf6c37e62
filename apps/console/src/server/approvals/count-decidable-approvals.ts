import { checkApprover, ZApprovals } from "@luminous/policy";
import { db } from "../db";
import { approverOf } from "./requester-match";

/** Past this many waiting requests the badge says "N+" rather than reading every rule. */
const LIMIT = 500;

/**
 * The nav badge: pending requests (not past expiry) this user may decide now: an approver at an
 * open level of the request's rules, not the requester, and not yet voted.
 */
export async function countDecidableApprovals(orgId: string, userId: string): Promise<number> {
  const user = await db().user.findFirst({
    where: { id: userId, orgId, status: "active" },
    select: { email: true, name: true, role: true, memberships: { select: { group: { select: { name: true } } } } },
  });
  if (!user) return 0;
  const now = new Date();
  const pending = await db().approvalRequest.findMany({
    where: { orgId, status: "pending", expiresAt: { gt: now }, decisions: { none: { userId } } },
    select: { localUser: true, rules: true },
    orderBy: { createdAt: "desc" },
    take: LIMIT,
  });
  let n = 0;
  for (const r of pending) {
    const rules = ZApprovals.safeParse(r.rules);
    if (rules.success && checkApprover(rules.data, approverOf(user, r.localUser), now).ok) n += 1;
  }
  return n;
}
