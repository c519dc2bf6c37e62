import { db } from "../db";
import { appendAuditEvents } from "./append-events";
import type { VerifyProblem } from "./verify-audit-trail";

/** While a problem persists, its audit event is repeated this often (not on every run that sees it). */
const REPEAT_MS = 24 * 3600 * 1000;

/**
 * Raises an integrity alarm: the integrity badge turns to "Tampering detected" with the problem,
 * and an audit event is recorded once per distinct problem and lane (again daily while it lasts).
 */
export async function raiseIntegrityAlarm(
  orgId: string,
  type: "integrity_checkpoint_refused" | "integrity_witness_mismatch",
  p: VerifyProblem,
  now = new Date(),
  data: Record<string, unknown> = {},
): Promise<void> {
  const fields = { ok: false, checkedAt: now, problem: p.problem, eventId: p.eventId, message: p.message };
  await db().auditVerification.upsert({
    where: { orgId },
    create: { orgId, count: 0n, checkpointsVerified: 0, details: { problems: [p] } as object, ...fields },
    update: fields,
  });
  const [recent] = await db().$queryRaw<{ message: string | null }[]>`
    SELECT "data"->>'message' AS message FROM "AuditEvent"
    WHERE "orgId" = ${orgId}::uuid AND "type" = ${type} AND "targetId" = ${String(p.lane)}
      AND "ts" > ${new Date(now.getTime() - REPEAT_MS)}
    ORDER BY "ts" DESC LIMIT 1`;
  if (recent?.message === p.message) return;
  // Category "integrity", like the findings of ingestion: the dashboard's integrity alarms count them.
  await db().$transaction((tx) =>
    appendAuditEvents(tx, orgId, [
      {
        ts: now,
        category: "integrity",
        type,
        action: type,
        outcome: "failure",
        actorType: "system",
        actorLabel: "audit integrity",
        targetType: "audit_lane",
        targetId: String(p.lane),
        targetLabel: `lane ${p.lane}`,
        data: { problem: p.problem, message: p.message, serverSeq: p.serverSeq, ...data },
      },
    ]),
  );
}
