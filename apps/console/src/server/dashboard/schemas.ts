import { z } from "zod";

/** The picker's ranges, ending now. */
export const DASHBOARD_RANGES = {
  "1h": 3600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type TDashboardRange = keyof typeof DASHBOARD_RANGES;

/** The longest period one request may cover (the charts have one point per hour). */
export const MAX_SPAN_DAYS = 92;

/** GET /api/v1/dashboard: a named range ending now, or an explicit from/to (which win). */
export const ZDashboardQuery = z
  .object({
    range: z.enum(Object.keys(DASHBOARD_RANGES) as [TDashboardRange, ...TDashboardRange[]]).default("24h"),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.from === undefined) !== (q.to === undefined)) {
      ctx.addIssue({ code: "custom", path: [q.from ? "to" : "from"], message: "from and to go together" });
      return;
    }
    if (!q.from || !q.to) return;
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0) ctx.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
    else if (span > MAX_SPAN_DAYS * 86_400_000)
      ctx.addIssue({ code: "custom", path: ["to"], message: `must be at most ${MAX_SPAN_DAYS} days after from` });
  });
export type TDashboardQuery = z.infer<typeof ZDashboardQuery>;

/** The period a query covers: [from, to). */
export function periodOf(q: TDashboardQuery, now = Date.now()): { from: Date; to: Date } {
  if (q.from && q.to) return { from: new Date(q.from), to: new Date(q.to) };
  return { from: new Date(now - DASHBOARD_RANGES[q.range]), to: new Date(now) };
}

/** GET /api/v1/dashboard/compliance takes the same period as the dashboard. */
export const ZDashboardComplianceQuery = ZDashboardQuery;
