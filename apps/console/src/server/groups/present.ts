import type { Group } from "@luminous/db";

export function presentGroup(g: Group & { _count?: { memberships: number } }) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    source: g.source,
    memberCount: g._count?.memberships ?? 0,
    createdAt: g.createdAt.toISOString(),
  };
}
export type TGroupView = ReturnType<typeof presentGroup>;
