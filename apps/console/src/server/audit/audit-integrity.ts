import { db } from "../db";
import type { Ctx } from "../http/guard";
import { saveVerification, verifyAuditTrail } from "./verify-audit-trail";

/** What the integrity badge shows: the last verification (scheduled or on demand) and the newest checkpoint. */
export async function auditIntegrity(ctx: Ctx) {
  const [v, cp, head] = await Promise.all([
    db().auditVerification.findUnique({ where: { orgId: ctx.orgId } }),
    db().chainCheckpoint.findFirst({ where: { orgId: ctx.orgId }, orderBy: { createdAt: "desc" } }),
    db().auditChainHead.findMany({ where: { orgId: ctx.orgId }, orderBy: { lane: "asc" } }),
  ]);
  return {
    status: v === null ? "unverified" : v.ok ? "verified" : "broken",
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
