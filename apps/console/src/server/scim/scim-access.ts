import type { IdentityProvider, User } from "@luminous/db";
import { recordAuditNow } from "../audit/record-audit";
import type { Tx } from "../db";
import { applyGroupMappings, type MappingResult, resolveMappings } from "../sso/apply-group-mappings";
import { SsoFailure } from "../sso/sso-failure";
import { applyUserStatus } from "../users/apply-user-status";
import type { ScimCtx } from "./scim-context";
import { ScimError } from "./scim-error";

/** The IdP the org's SCIM users sign in through, whose group -> role mappings SCIM groups follow. */
export function scimIdp(tx: Tx, ctx: ScimCtx): Promise<IdentityProvider> {
  return tx.identityProvider.findUniqueOrThrow({ where: { id: ctx.config.idpId } });
}

/**
 * The role the user's SCIM groups map to, through the same mapping table as SSO sign-in (SCIM
 * group displayName = the IdP group name); null when nothing maps and the IdP's default is "none".
 * Never Owner: the mapping table cannot name it and the IdP's role ceiling applies.
 */
export async function resolveScimRole(
  tx: Tx,
  idp: IdentityProvider,
  userId: string | null,
): Promise<MappingResult | null> {
  const names = userId
    ? (
        await tx.membership.findMany({
          where: { userId, orgId: idp.orgId, source: "scim" },
          select: { group: { select: { name: true } } },
        })
      ).map((m) => m.group.name)
    : [];
  try {
    return await resolveMappings(tx, idp, names);
  } catch (e) {
    if (e instanceof SsoFailure && e.reason === "no_mapped_role") return null;
    throw e;
  }
}

export type ScimStatusReason = "active_false" | "deleted" | "no_mapped_group" | "email_held";

/**
 * Re-applies what SCIM says about an account: the role and mapped groups follow its SCIM groups,
 * and it is active only while the IdP says `active`, it is not deleted, and a role is mapped.
 * Deactivation goes through the console's one deactivation path (sessions and API tokens end at
 * once, audit event with the reason).
 */
export async function syncScimAccess(
  tx: Tx,
  ctx: ScimCtx,
  idp: IdentityProvider,
  user: User,
  scim: { active: boolean; deleted: boolean },
): Promise<User> {
  if (user.role === "owner") return user;
  const mapped = await resolveScimRole(tx, idp, user.id);
  if (mapped) await applyGroupMappings(tx, idp, user, mapped, ctx.meta, true);
  const reason: ScimStatusReason | null = scim.deleted
    ? "deleted"
    : user.heldEmail
      ? "email_held"
      : !scim.active
        ? "active_false"
        : !mapped
          ? "no_mapped_group"
          : null;
  const want = reason ? "deactivated" : "active";
  const current = await tx.user.findUniqueOrThrow({ where: { id: user.id } });
  if (current.status === want) return current;
  return applyUserStatus(tx, ctx.orgId, ctx.meta, current, want, { via: "scim", ...(reason ? { reason } : {}) });
}

/**
 * SCIM never creates, changes or removes an Owner: the attempt is refused with a 403 and recorded
 * (in its own transaction, so the refusal outlives the rolled-back request).
 */
export async function refuseOwner(ctx: ScimCtx, user: Pick<User, "id" | "email">, action: string): Promise<never> {
  const why = "SCIM does not change an Owner's account; an Owner manages it in the console";
  await recordAuditNow(ctx.orgId, ctx.meta, {
    action,
    outcome: "denied",
    target: { type: "user", id: user.id, label: user.email },
    data: { via: "scim", why },
  });
  throw new ScimError(403, why);
}
