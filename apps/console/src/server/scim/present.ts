import type { Group, ScimGroup, ScimUser, User } from "@luminous/db";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./schemas";
import type { ScimCtx } from "./scim-context";

export const etagOf = (version: number) => `W/"${version}"`;

type GroupRef = { group: { id: string; name: string } };
export type ScimUserRow = ScimUser & { user: User & { memberships: GroupRef[] } };

/** The stored document with what the service provider owns: id, groups, meta. */
export function presentScimUser(ctx: ScimCtx, row: ScimUserRow) {
  const doc = row.resource as Record<string, unknown>;
  return {
    ...doc,
    schemas: doc[ENTERPRISE_SCHEMA] ? [USER_SCHEMA, ENTERPRISE_SCHEMA] : [USER_SCHEMA],
    id: row.userId,
    userName: row.userName,
    active: row.active,
    groups: row.user.memberships.map((m) => ({
      value: m.group.id,
      display: m.group.name,
      $ref: `${ctx.base}/Groups/${m.group.id}`,
    })),
    meta: {
      resourceType: "User",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${ctx.base}/Users/${row.userId}`,
      version: etagOf(row.version),
    },
  };
}

export type ScimGroupRow = ScimGroup & {
  group: Group & { memberships?: { user: { id: string; name: string; email: string } }[] };
};

export function presentScimGroup(ctx: ScimCtx, row: ScimGroupRow) {
  return {
    schemas: [GROUP_SCHEMA],
    id: row.groupId,
    displayName: row.group.name,
    ...(row.externalId ? { externalId: row.externalId } : {}),
    ...(row.group.memberships
      ? {
          members: row.group.memberships.map((m) => ({
            value: m.user.id,
            display: m.user.name,
            $ref: `${ctx.base}/Users/${m.user.id}`,
          })),
        }
      : {}),
    meta: {
      resourceType: "Group",
      created: row.createdAt.toISOString(),
      lastModified: row.updatedAt.toISOString(),
      location: `${ctx.base}/Groups/${row.groupId}`,
      version: etagOf(row.version),
    },
  };
}

export function listResponse(resources: unknown[], total: number, startIndex: number) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** The include for a user row: its SCIM group memberships. */
export const USER_INCLUDE = {
  user: {
    include: { memberships: { where: { source: "scim" }, include: { group: { select: { id: true, name: true } } } } },
  },
} as const;
