import { db } from "../db";

export interface DashboardData {
  users: { active: number; deactivated: number; mfa: number };
  groups: number;
  events24h: number;
  denied7d: number;
  activity: { day: string; success: number; denied: number; failure: number }[];
}

/** Org-wide counts and 14 days of audit activity by outcome. */
export async function getDashboard(orgId: string): Promise<DashboardData> {
  const since = new Date(Date.now() - 13 * 86400_000);
  since.setUTCHours(0, 0, 0, 0);
  const [active, deactivated, mfa, groups, events24h, denied7d, rows] = await Promise.all([
    db().user.count({ where: { orgId, status: "active" } }),
    db().user.count({ where: { orgId, status: "deactivated" } }),
    db().user.count({ where: { orgId, status: "active", totpEnabledAt: { not: null } } }),
    db().group.count({ where: { orgId } }),
    db().auditEvent.count({ where: { orgId, ts: { gte: new Date(Date.now() - 86400_000) } } }),
    db().auditEvent.count({
      where: { orgId, outcome: { in: ["denied", "deny"] }, ts: { gte: new Date(Date.now() - 7 * 86400_000) } },
    }),
    db().$queryRaw<{ day: Date; outcome: string; n: bigint }[]>`
      SELECT date_trunc('day', ts AT TIME ZONE 'UTC') AS day, outcome, count(*) AS n
      FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND ts >= ${since}
      GROUP BY 1, 2`,
  ]);
  const byDay = new Map<string, { day: string; success: number; denied: number; failure: number }>();
  for (let i = 0; i < 14; i++) {
    const d = new Date(since.getTime() + i * 86400_000).toISOString().slice(0, 10);
    byDay.set(d, { day: d, success: 0, denied: 0, failure: 0 });
  }
  for (const r of rows) {
    const d = byDay.get(new Date(r.day).toISOString().slice(0, 10));
    if (!d) continue;
    const n = Number(r.n);
    if (r.outcome === "denied" || r.outcome === "deny") d.denied += n;
    else if (r.outcome === "failure") d.failure += n;
    else d.success += n;
  }
  return { users: { active, deactivated, mfa }, groups, events24h, denied7d, activity: [...byDay.values()] };
}
