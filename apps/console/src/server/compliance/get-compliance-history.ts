import { CONTROLS, verifySnapshotChain } from "@luminous/compliance";
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";

export const ZComplianceHistoryQuery = z.object({
  control: z.string().refine((id) => CONTROLS.some((c) => c.id === id), "unknown control id (e.g. soc2.CC6.1)"),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type TComplianceHistoryQuery = z.infer<typeof ZComplianceHistoryQuery>;

export interface ComplianceHistory {
  control: string;
  days: { day: string; status: string; population: number; exceptionCount: number }[];
  /** The whole history of the org verified link by link (null problem: intact). */
  chain: { ok: boolean; snapshots: number; problem: string | null };
}

/** One control's daily statuses (timeline), and whether the org's history chain is intact. */
export async function getComplianceHistory(ctx: Ctx, q: TComplianceHistoryQuery): Promise<ComplianceHistory> {
  if (q.from && q.to && q.from > q.to)
    throw new AppError("validation", "from must not be after to", {
      fields: [{ path: "to", message: "from must not be after to" }],
    });
  const [days, all] = await Promise.all([
    db().complianceSnapshot.findMany({
      where: { orgId: ctx.orgId, controlId: q.control, day: { gte: q.from, lte: q.to } },
      orderBy: { day: "asc" },
      select: { day: true, status: true, population: true, exceptionCount: true },
    }),
    db().complianceSnapshot.findMany({ where: { orgId: ctx.orgId }, orderBy: { seq: "asc" } }),
  ]);
  const problem = verifySnapshotChain(
    all.map((s) => ({ ...s, seq: Number(s.seq), numbers: s.numbers as Record<string, number> })),
  );
  return {
    control: q.control,
    days,
    chain: { ok: problem === null, snapshots: all.length, problem: problem?.message ?? null },
  };
}
