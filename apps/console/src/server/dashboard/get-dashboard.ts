import type { Ctx } from "../http/guard";
import { deviceFigures, type TDeviceFigures } from "./device-figures";
import { activeUsers, durationBuckets, eventCounts, hourlySeries } from "./event-figures";
import { bucketPercentiles } from "./percentiles";
import { periodOf, type TDashboardQuery } from "./schemas";
import { HOUR } from "./split-period";

export const DECISIONS = ["allow", "deny", "require_approval", "require_mfa"] as const;

export interface TDashboard {
  period: { from: string; to: string };
  commands: { total: number; perHour: number; series: { hour: string; commands: number; failed: number }[] };
  executions: { succeeded: number; failed: number; successRate: number | null };
  decisions: { outcome: (typeof DECISIONS)[number]; n: number }[];
  /** Per event type that carries a duration (execution.duration_ms): nearest-rank percentiles, ms. */
  responseTimes: { type: string; count: number; p50: number | null; p95: number | null; p99: number | null }[];
  activeUsers: number;
  devices: TDeviceFigures;
  integrity: { total: number; byType: { type: string; n: number }[] };
}

/** What an operator looks at first, over [from, to): every figure aggregated in SQL (see event-figures). */
export async function getDashboard(ctx: Ctx, q: TDashboardQuery, now = Date.now()): Promise<TDashboard> {
  const { from, to } = periodOf(q, now);
  const [counts, series, durations, users, devices] = await Promise.all([
    eventCounts(ctx.orgId, from, to),
    hourlySeries(ctx.orgId, from, to, ["command_received", "execution_completed"]),
    durationBuckets(ctx.orgId, from, to),
    activeUsers(ctx.orgId, from, to),
    deviceFigures(ctx.orgId, new Date(now)),
  ]);
  const sum = (pred: (r: (typeof counts)[number]) => boolean) => counts.filter(pred).reduce((s, r) => s + r.n, 0);
  const agent = (type: string, outcome?: string) =>
    sum((r) => r.category === "agent" && r.type === type && (outcome === undefined || r.outcome === outcome));

  const commands = agent("command_received");
  const succeeded = agent("execution_completed", "success");
  const failed = agent("execution_completed", "failure");
  const hours = Math.max(1, (to.getTime() - from.getTime()) / HOUR);

  const byHour = new Map<number, { commands: number; failed: number }>();
  const first = Math.floor(from.getTime() / HOUR) * HOUR;
  for (let h = first; h < to.getTime(); h += HOUR) byHour.set(h, { commands: 0, failed: 0 });
  for (const r of series) {
    const p = byHour.get(r.hour.getTime());
    if (!p) continue;
    if (r.type === "command_received") p.commands += r.n;
    else if (r.outcome === "failure") p.failed += r.n;
  }

  const types = [...new Set(durations.map((d) => d.type))].sort();
  const responseTimes = types.map((type) => {
    const { count, values } = bucketPercentiles(
      durations.filter((d) => d.type === type),
      [50, 95, 99],
    );
    return { type, count, p50: values[0] ?? null, p95: values[1] ?? null, p99: values[2] ?? null };
  });

  const integrityRows = new Map<string, number>();
  for (const r of counts.filter((c) => c.category === "integrity"))
    integrityRows.set(r.type, (integrityRows.get(r.type) ?? 0) + r.n);
  const byType = [...integrityRows].map(([type, n]) => ({ type, n })).sort((a, b) => b.n - a.n);

  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    commands: {
      total: commands,
      perHour: Math.round((commands / hours) * 10) / 10,
      series: [...byHour].map(([h, v]) => ({ hour: new Date(h).toISOString(), ...v })),
    },
    executions: { succeeded, failed, successRate: succeeded + failed ? succeeded / (succeeded + failed) : null },
    decisions: DECISIONS.map((outcome) => ({ outcome, n: agent("policy_decision", outcome) })),
    responseTimes,
    activeUsers: users,
    devices,
    integrity: { total: byType.reduce((s, r) => s + r.n, 0), byType },
  };
}
