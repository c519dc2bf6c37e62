import { db } from "../db";
import type { Ctx } from "../http/guard";
import { saveVerification, verifyAuditTrail } from "./verify-audit-trail";

/** What the integrity badge shows: the last verification (scheduled or on demand) and the newest checkpoint. */
export async function auditIntegrity(ctx: Ctx) {
  const [v, cp, head, alarms] = await Promise.all([
    db().auditVerification.findUnique({ where: { orgId: ctx.orgId } }),
    db().chainCheckpoint.findFirst({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "desc" } }),
    db().auditChainHead.findMany({ where: { orgId: ctx.orgId }, orderBy: { lane: "asc" } }),
    db().auditWitnessAlarm.findMany({ where: { orgId: ctx.orgId }, orderBy: { lastSeenAt: "desc" }, take: 20 }),
  ]);
  return {
    // A checkpoint witnessed outside the database and no longer stored as signed outweighs any
    // verification of the database alone, which the rewrite was made to pass.
    status: alarms.length > 0 ? "broken" : v === null ? "unverified" : v.ok ? "verified" : "broken",
    witnessAlarms: alarms.map((a) => ({
      lane: a.lane,
      seq: a.seq,
      kind: a.kind,
      message: `lane ${a.lane} checkpoint #${a.seq}, kept by agents, ${
        a.kind === "missing"
          ? "is no longer in the database (deleted)"
          : "is stored differently in the database (replaced)"
      }`,
      reports: a.reports,
      firstSeenAt: a.firstSeenAt.toISOString(),
      lastSeenAt: a.lastSeenAt.toISOString(),
    })),
    lastVerification: v && {
      ok: v.ok,
      checkedAt: v.checkedAt.toISOString(),
      count: Number(v.count),
      checkpointsVerified: v.checkpointsVerified,
      problem: v.problem,
      eventId: v.eventId,
      message: v.message,
      details: v.details,
    },
    lastCheckpoint: cp && {
      at: cp.createdAt.toISOString(),
      lane: cp.lane,
      serverSeq: Number(cp.serverSeq),
      seq: cp.seq,
      keyId: cp.keyId,
    },
    /** Rows linked so far in all lanes (retention does not lower it), and per lane. */
    chainLength: head.reduce((n, h) => n + Number(h.serverSeq), 0),
    lanes: head.map((h) => ({ lane: h.lane, serverSeq: Number(h.serverSeq) })),
  };
}

/** Verifies now (the same check as `npm run audit:verify`) and keeps the result for the badge. */
export async function verifyAuditNow(ctx: Ctx) {
  const r = await verifyAuditTrail(db(), ctx.orgId);
  await saveVerification(db(), r);
  return r;
}
