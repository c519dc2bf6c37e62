import { chainSnapshots, FRAMEWORKS, type Snapshot } from "@luminous/compliance";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import { evaluateCompliance } from "./evaluate-compliance";
import { loadPopulation } from "./load-population";

const DAY = 86_400_000;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const SYSTEM = { actor: { type: "system" as const, label: "compliance history" } };

/**
 * Stores each control's status and figures for every whole UTC day not yet in the org's history
 * (the day's events; yesterday on the first run, at most `maxDays` days of catch-up), chained to the
 * history before it. A control whose status differs from its previous day is an audit event.
 * Idempotent: a day already stored is skipped, and concurrent runs queue on an org lock.
 */
export async function snapshotCompliance(
  orgId: string,
  now = new Date(),
  opts: { maxDays?: number } = {},
): Promise<{ days: string[]; statusChanges: number }> {
  const today = new Date(`${dayOf(now)}T00:00:00.000Z`);
  const last = await db().complianceSnapshot.findFirst({
    where: { orgId },
    orderBy: { seq: "desc" },
    select: { day: true },
  });
  const first = last
    ? new Date(new Date(`${last.day}T00:00:00.000Z`).getTime() + DAY)
    : new Date(today.getTime() - DAY);
  const start = new Date(Math.max(first.getTime(), today.getTime() - (opts.maxDays ?? 31) * DAY));
  const days: string[] = [];
  let statusChanges = 0;
  if (start >= today) return { days, statusChanges };
  const population = await loadPopulation(orgId, now);
  for (let d = start; d < today; d = new Date(d.getTime() + DAY)) {
    const to = new Date(d.getTime() + DAY);
    const results: Omit<Snapshot, "seq" | "orgId">[] = [];
    for (const framework of FRAMEWORKS) {
      const { report } = await evaluateCompliance(
        { orgId, framework, from: d, to, generatedBy: "compliance history", now },
        population,
      );
      for (const c of report.controls) {
        results.push({
          day: dayOf(d),
          controlId: c.id,
          status: c.status,
          population: c.population,
          exceptionCount: c.exceptionCount,
          numbers: c.numbers,
        });
      }
    }
    statusChanges += await storeDay(orgId, dayOf(d), results);
    days.push(dayOf(d));
  }
  return { days, statusChanges };
}

/** Appends one day's snapshots to the org's chain under an org lock; returns how many statuses changed. */
async function storeDay(orgId: string, day: string, results: Omit<Snapshot, "seq" | "orgId">[]): Promise<number> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`compliance-history:${orgId}`}, 0))`;
    if (await tx.complianceSnapshot.findFirst({ where: { orgId, day }, select: { id: true } })) return 0;
    const head = await tx.complianceSnapshot.findFirst({
      where: { orgId },
      orderBy: { seq: "desc" },
      select: { seq: true, hash: true },
    });
    const base = head ? Number(head.seq) : 0;
    const chained = chainSnapshots(
      head?.hash ?? null,
      results.map((r, i) => ({ ...r, orgId, seq: base + i + 1 })),
    );
    const previous = await tx.complianceSnapshot.findMany({
      where: { orgId, day: { lt: day } },
      orderBy: { seq: "desc" },
      distinct: ["controlId"],
      select: { controlId: true, status: true, day: true },
    });
    const before = new Map(previous.map((p) => [p.controlId, p]));
    await tx.complianceSnapshot.createMany({
      data: chained.map((s) => ({
        orgId,
        seq: BigInt(s.seq),
        day: s.day,
        controlId: s.controlId,
        status: s.status,
        population: s.population,
        exceptionCount: s.exceptionCount,
        numbers: s.numbers,
        prevHash: s.prevHash,
        hash: s.hash,
      })),
    });
    let changes = 0;
    for (const s of chained) {
      const b = before.get(s.controlId);
      if (!b || b.status === s.status) continue;
      changes++;
      await recordAudit(tx, orgId, SYSTEM, {
        action: "compliance.control.status_change",
        outcome: "success",
        target: { type: "compliance_control", id: s.controlId, label: s.controlId },
        before: { status: b.status, day: b.day },
        after: { status: s.status, day: s.day, exceptions: s.exceptionCount },
      });
    }
    return changes;
  });
}
