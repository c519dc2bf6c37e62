import type { User } from "@luminous/db";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import { endUserCredentials } from "../auth/end-user-credentials";
import type { Tx } from "../db";

/**
 * The one way an account is deactivated or reactivated, inside the caller's transaction (an
 * admin in the console, or SCIM provisioning): deactivating ends every session at once and
 * revokes the API tokens for good; either change is an audit event carrying `data` (who or what
 * asked, and why).
 */
export async function applyUserStatus(
  tx: Tx,
  orgId: string,
  meta: AuditMeta,
  before: User,
  status: "active" | "deactivated",
  data: Record<string, unknown> = {},
): Promise<User> {
  const u = await tx.user.update({
    where: { id: before.id },
    data: status === "deactivated" ? { status, deactivatedAt: new Date() } : { status, deactivatedAt: null },
  });
  const ended = status === "deactivated" ? await endUserCredentials(before.id, "deactivated", tx) : null;
  await recordAudit(tx, orgId, meta, {
    action: status === "deactivated" ? "user.deactivate" : "user.reactivate",
    outcome: "success",
    target: { type: "user", id: before.id, label: u.email },
    before: { status: before.status },
    after: { status },
    data: ended || Object.keys(data).length ? { ...data, ...ended } : undefined,
  });
  return u;
}
