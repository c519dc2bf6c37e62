import {
  CONTROLS,
  type ControlStatus,
  FRAMEWORK_NAMES,
  FRAMEWORKS,
  overallStatus,
  type TFramework,
} from "@luminous/compliance";
import { db } from "../db";
import { liveControlStatus } from "./live-control-status";

export interface FrameworkSummary {
  framework: TFramework;
  name: string;
  /** The worst control's status; null when no day of the period is known yet. */
  status: ControlStatus | null;
  pass: number;
  attention: number;
  fail: number;
  /** The Compliance page for this framework over the same days. */
  href: string;
}

export interface ComplianceSummary {
  period: { from: string; to: string };
  /** The UTC days the period touches, how many the stored history holds, and whether today is in it (evaluated live). */
  days: { total: number; recorded: number; today: boolean };
  frameworks: FrameworkSummary[];
}

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const RANK: Record<ControlStatus, number> = { pass: 0, attention: 1, fail: 2 };
const BY_RANK: ControlStatus[] = ["pass", "attention", "fail"];

/**
 * Per-framework compliance status over a period, for the dashboard: each control's worst status
 * on any UTC day the period touches, read from the daily history the worker stores (one grouped
 * query over at most a few thousand rows), with today's status evaluated live and cached briefly.
 * Each entry links to the Compliance page showing the same days.
 */
export async function getComplianceSummary(
  orgId: string,
  opts: { from: Date; to: Date; now?: Date },
): Promise<ComplianceSummary> {
  const now = opts.now ?? new Date();
  const first = Math.floor(opts.from.getTime() / DAY) * DAY;
  const last = Math.floor((opts.to.getTime() - 1) / DAY) * DAY;
  const today = Math.floor(now.getTime() / DAY) * DAY;
  const lastStored = Math.min(last, today - DAY);
  const includesToday = last >= today;

  const [stored, recorded, live] = await Promise.all([
    lastStored >= first
      ? db().$queryRaw<{ controlId: string; worst: number }[]>`
          SELECT "controlId", max(CASE "status" WHEN 'fail' THEN 2 WHEN 'attention' THEN 1 ELSE 0 END)::int AS worst
          FROM "ComplianceSnapshot"
          WHERE "orgId" = ${orgId}::uuid AND "day" >= ${dayOf(first)} AND "day" <= ${dayOf(lastStored)}
          GROUP BY "controlId"`
      : Promise.resolve([]),
    lastStored >= first
      ? db().$queryRaw<{ n: number }[]>`
          SELECT count(DISTINCT "day")::int AS n FROM "ComplianceSnapshot"
          WHERE "orgId" = ${orgId}::uuid AND "day" >= ${dayOf(first)} AND "day" <= ${dayOf(lastStored)}`
      : Promise.resolve([{ n: 0 }]),
    includesToday ? liveControlStatus(orgId, now) : Promise.resolve(new Map<string, ControlStatus>()),
  ]);

  const worst = new Map<string, number>(stored.map((s) => [s.controlId, s.worst]));
  for (const [id, status] of live) worst.set(id, Math.max(worst.get(id) ?? 0, RANK[status]));
  const q = new URLSearchParams({ from: dayOf(first), to: dayOf(last + DAY) });
  const frameworks = FRAMEWORKS.map((framework): FrameworkSummary => {
    const statuses = CONTROLS.filter((c) => c.framework === framework)
      .map((c) => worst.get(c.id))
      .filter((r): r is number => r !== undefined)
      .map((r) => BY_RANK[r]!);
    const count = (s: ControlStatus) => statuses.filter((x) => x === s).length;
    return {
      framework,
      name: FRAMEWORK_NAMES[framework],
      status: statuses.length ? overallStatus(statuses) : null,
      pass: count("pass"),
      attention: count("attention"),
      fail: count("fail"),
      href: `/compliance?${new URLSearchParams({ framework, ...Object.fromEntries(q) })}`,
    };
  });
  return {
    period: { from: opts.from.toISOString(), to: opts.to.toISOString() },
    days: { total: (last - first) / DAY + 1, recorded: recorded[0]?.n ?? 0, today: includesToday },
    frameworks,
  };
}
