import type { PolicyVersion } from "@luminous/db";
import { db } from "../db";

export function presentVersionSummary(v: PolicyVersion, users: Map<string, string>) {
  return {
    number: v.number,
    note: v.note,
    author: v.authorLabel,
    createdAt: v.createdAt.toISOString(),
    contentHash: v.contentHash,
    lockedPaths: v.lockedPaths,
    publishedAt: v.publishedAt?.toISOString() ?? null,
    publishedBy: v.publishedById ? (users.get(v.publishedById) ?? "deleted user") : null,
  };
}
export type TVersionSummary = ReturnType<typeof presentVersionSummary>;

export function presentVersion(v: PolicyVersion, users: Map<string, string>) {
  return { ...presentVersionSummary(v, users), source: v.source, document: v.document };
}
export type TVersionView = ReturnType<typeof presentVersion>;

/** Email of each user id (publishers), for labels; one query. */
export async function userLabels(orgId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (wanted.length === 0) return new Map();
  const rows = await db().user.findMany({ where: { orgId, id: { in: wanted } }, select: { id: true, email: true } });
  return new Map(rows.map((u) => [u.id, u.email]));
}

export interface AssignmentView {
  id: string;
  scope: "org" | "group" | "device";
  target: { id: string | null; label: string };
  createdAt: string;
}

/** Assignments with their group / device names (the table has no relation to them, by design of the schema). */
export async function presentAssignments(
  orgId: string,
  rows: { id: string; scope: string; groupId: string | null; deviceId: string | null; createdAt: Date }[],
): Promise<AssignmentView[]> {
  const groupIds = rows.flatMap((r) => (r.groupId ? [r.groupId] : []));
  const deviceIds = rows.flatMap((r) => (r.deviceId ? [r.deviceId] : []));
  const [groups, devices] = await Promise.all([
    groupIds.length
      ? db().group.findMany({ where: { orgId, id: { in: groupIds } }, select: { id: true, name: true } })
      : [],
    deviceIds.length
      ? db().device.findMany({ where: { orgId, id: { in: deviceIds } }, select: { id: true, hostname: true } })
      : [],
  ]);
  const g = new Map(groups.map((x) => [x.id, x.name]));
  const d = new Map(devices.map((x) => [x.id, x.hostname]));
  const order = { org: 0, group: 1, device: 2 } as Record<string, number>;
  return rows
    .map((r) => ({
      id: r.id,
      scope: r.scope as AssignmentView["scope"],
      target:
        r.scope === "org"
          ? { id: null, label: "Whole organisation" }
          : r.scope === "group"
            ? { id: r.groupId, label: g.get(r.groupId ?? "") ?? "deleted group" }
            : { id: r.deviceId, label: d.get(r.deviceId ?? "") ?? "deleted device" },
      createdAt: r.createdAt.toISOString(),
    }))
    .sort((a, b) => (order[a.scope] ?? 9) - (order[b.scope] ?? 9) || a.target.label.localeCompare(b.target.label));
}
