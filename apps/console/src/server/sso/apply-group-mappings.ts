import type { IdentityProvider, Role, User } from "@luminous/db";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import { ROLE_RANK } from "../auth/permissions";
import type { Tx } from "../db";
import { defaultRoleOf } from "./idp-config";
import { clampRole, idpRoleCeiling } from "./idp-trust";
import { SsoFailure } from "./sso-failure";

export interface MappingResult {
  role: Role;
  groupIds: string[];
}

/**
 * Turns the groups an IdP asserts into console groups and one role, through the admin's mapping
 * table. Group names compare case-insensitively (directories do). The highest mapped role wins;
 * with none, the IdP's default role, or a refusal when the default is "none".
 */
export async function resolveMappings(tx: Tx, idp: IdentityProvider, idpGroups: string[]): Promise<MappingResult> {
  const mappings = await tx.idpGroupMapping.findMany({ where: { idpId: idp.id, orgId: idp.orgId } });
  const have = new Set(idpGroups.map((g) => g.toLowerCase()));
  const hits = mappings.filter((m) => have.has(m.idpGroup.toLowerCase()));
  const roles = hits.map((m) => m.role).filter((r): r is Role => Boolean(r) && r !== "owner");
  let role: Role;
  if (roles.length) role = roles.reduce((a, b) => (ROLE_RANK[b] > ROLE_RANK[a] ? b : a));
  else {
    const d = defaultRoleOf(idp);
    if (d === "none") throw new SsoFailure("no_mapped_role", "None of the user's groups is mapped to a role");
    role = d;
  }
  const groupIds = [...new Set(hits.map((m) => m.groupId).filter((g): g is string => Boolean(g)))];
  // Never above what the IdP's last configurer may grant, whatever the mapping table says.
  return { role: clampRole(role, idpRoleCeiling(idp)), groupIds };
}

/**
 * Re-applies the mapping at every sign-in and sync: memberships this IdP manages follow the IdP
 * (removed in the directory -> removed here); memberships added by hand are left alone. The role
 * follows the IdP only for accounts this IdP provisioned (`roleFollowsIdp`); an account linked to
 * it later keeps its role, so a second IdP can neither raise nor demote it.
 */
export async function applyGroupMappings(
  tx: Tx,
  idp: IdentityProvider,
  user: User,
  mapped: MappingResult,
  meta: AuditMeta,
  roleFollowsIdp: boolean,
): Promise<{ roleChanged: boolean; added: string[]; removed: string[] }> {
  let roleChanged = false;
  if (roleFollowsIdp && user.role !== mapped.role && user.role !== "owner") {
    await tx.user.update({ where: { id: user.id }, data: { role: mapped.role } });
    await recordAudit(tx, idp.orgId, meta, {
      action: "user.role.sync",
      outcome: "success",
      target: { type: "user", id: user.id, label: user.email },
      before: { role: user.role },
      after: { role: mapped.role },
      data: { idp: idp.slug },
    });
    roleChanged = true;
  }
  const current = await tx.membership.findMany({ where: { userId: user.id, orgId: idp.orgId } });
  const managed = new Set(current.filter((m) => m.source === idp.id).map((m) => m.groupId));
  const any = new Set(current.map((m) => m.groupId));
  const added = mapped.groupIds.filter((g) => !any.has(g));
  const removed = [...managed].filter((g) => !mapped.groupIds.includes(g));
  if (added.length) {
    await tx.membership.createMany({
      data: added.map((groupId) => ({ orgId: idp.orgId, groupId, userId: user.id, source: idp.id })),
      skipDuplicates: true,
    });
  }
  if (removed.length) {
    await tx.membership.deleteMany({ where: { userId: user.id, groupId: { in: removed }, source: idp.id } });
  }
  if (added.length || removed.length) {
    await recordAudit(tx, idp.orgId, meta, {
      action: "group.member.sync",
      outcome: "success",
      target: { type: "user", id: user.id, label: user.email },
      data: { idp: idp.slug, addedGroupIds: added, removedGroupIds: removed },
    });
  }
  return { roleChanged, added, removed };
}
