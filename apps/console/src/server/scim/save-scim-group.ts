import type { IdentityProvider } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import type { TScimGroup } from "./schemas";
import { refuseOwner, syncScimAccess } from "./scim-access";
import type { ScimCtx } from "./scim-context";
import { ScimError, scimConflict } from "./scim-error";

export interface ExistingScimGroup {
  groupId: string;
  version: number;
  name: string;
}

/**
 * Writes a validated SCIM Group: the console group (its name is the IdP group name the mapping
 * table matches), its SCIM members (Membership rows with source "scim"), then the role, mapped
 * groups and status of every account whose groups changed (all members after a rename).
 * Removing an account from the group that gave it its role deactivates it when nothing else maps.
 */
export async function saveScimGroup(
  tx: Tx,
  ctx: ScimCtx,
  idp: IdentityProvider,
  doc: TScimGroup,
  existing: ExistingScimGroup | null,
): Promise<string> {
  const clash = await tx.group.findFirst({ where: { orgId: ctx.orgId, name: doc.displayName }, select: { id: true } });
  if (clash && clash.id !== existing?.groupId) throw scimConflict(`displayName "${doc.displayName}" is already in use`);
  const want = [...new Set((doc.members ?? []).map((m) => m.value))];
  const known = await tx.scimUser.findMany({
    where: { orgId: ctx.orgId, userId: { in: want.filter((v) => /^[0-9a-f-]{36}$/i.test(v)) }, deletedAt: null },
    include: { user: true },
  });
  const unknown = want.filter((v) => !known.some((k) => k.userId === v));
  if (unknown.length) {
    throw new ScimError(
      400,
      `members: ${unknown.slice(0, 5).join(", ")} is not a user of this SCIM service`,
      "invalidValue",
    );
  }
  const current = existing
    ? await tx.membership.findMany({ where: { groupId: existing.groupId, source: "scim" }, include: { user: true } })
    : [];
  const added = known.filter((k) => !current.some((c) => c.userId === k.userId));
  const removed = current.filter((c) => !want.includes(c.userId));
  const owner = [...added.map((a) => a.user), ...removed.map((r) => r.user)].find((u) => u.role === "owner");
  if (owner) await refuseOwner(ctx, owner, "group.member.sync");

  let groupId: string;
  const renamed = Boolean(existing && existing.name !== doc.displayName);
  if (existing) {
    groupId = existing.groupId;
    const moved = await tx.scimGroup.updateMany({
      where: { groupId, version: existing.version },
      data: { externalId: doc.externalId ?? null, version: { increment: 1 } },
    });
    if (moved.count === 0)
      throw new ScimError(412, "The resource changed while this request was applied; read it again");
    if (renamed) {
      await tx.group.update({ where: { id: groupId }, data: { name: doc.displayName } });
      await recordAudit(tx, ctx.orgId, ctx.meta, {
        action: "group.rename",
        outcome: "success",
        target: { type: "group", id: groupId, label: doc.displayName },
        before: { name: existing.name },
        after: { name: doc.displayName },
        data: { via: "scim" },
      });
    }
  } else {
    const g = await tx.group.create({ data: { orgId: ctx.orgId, name: doc.displayName, source: "scim" } });
    groupId = g.id;
    await tx.scimGroup.create({ data: { groupId, orgId: ctx.orgId, externalId: doc.externalId ?? null } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.create",
      outcome: "success",
      target: { type: "group", id: groupId, label: doc.displayName },
      after: { name: doc.displayName, source: "scim" },
      data: { via: "scim", externalId: doc.externalId ?? null },
    });
  }
  if (added.length) {
    await tx.membership.createMany({
      data: added.map((a) => ({ orgId: ctx.orgId, groupId, userId: a.userId, source: "scim" })),
      skipDuplicates: true,
    });
  }
  if (removed.length) {
    await tx.membership.deleteMany({
      where: { groupId, source: "scim", userId: { in: removed.map((r) => r.userId) } },
    });
  }
  if (added.length || removed.length) {
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "group.member.sync",
      outcome: "success",
      target: { type: "group", id: groupId, label: doc.displayName },
      data: { via: "scim", addedUserIds: added.map((a) => a.userId), removedUserIds: removed.map((r) => r.userId) },
    });
  }
  const touched = renamed
    ? [...known.map((k) => k.user), ...removed.map((r) => r.user)]
    : [...added.map((a) => a.user), ...removed.map((r) => r.user)];
  await resyncUsers(
    tx,
    ctx,
    idp,
    touched.map((u) => u.id),
  );
  return groupId;
}

/** Re-applies role, mapped groups and status for these SCIM users (skipping deleted ones). */
export async function resyncUsers(tx: Tx, ctx: ScimCtx, idp: IdentityProvider, userIds: string[]) {
  const rows = await tx.scimUser.findMany({
    where: { orgId: ctx.orgId, userId: { in: [...new Set(userIds)] }, deletedAt: null },
    include: { user: true },
  });
  for (const r of rows) await syncScimAccess(tx, ctx, idp, r.user, { active: r.active, deleted: false });
}
