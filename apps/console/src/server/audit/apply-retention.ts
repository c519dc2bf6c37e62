import type { PrismaClient } from "@luminous/db";

export interface RetentionResult {
  orgId: string;
  deleted: number;
  /** Per lane cut: the lane now starts after this server seq (a kept, signed checkpoint). */
  lanes: { lane: number; startsAfter: number; deleted: number }[];
}

/**
 * Deletes an org's events older than its retention (Org.auditRetentionDays) while keeping what
 * remains verifiable: in each lane of the org chain only a prefix is removed, and only up to a
 * signed checkpoint of that lane, which is kept as the starting point `verify` checks the rest
 * from. Rows are chosen by receivedAt (monotonic in chain order), so an event's own clock cannot
 * keep or drop it. Idempotency keys of deleted events go too, except each device's newest (its
 * chain continues).
 */
export async function applyRetention(prisma: PrismaClient, orgId: string, now = new Date()): Promise<RetentionResult> {
  const org = await prisma.org.findUniqueOrThrow({ where: { id: orgId }, select: { auditRetentionDays: true } });
  const cutoff = new Date(now.getTime() - org.auditRetentionDays * 86_400_000);
  const cuts = await prisma.$queryRaw<{ lane: number; serverSeq: bigint }[]>`
    SELECT DISTINCT ON (c."lane") c."lane"::int AS lane, c."serverSeq" FROM "ChainCheckpoint" c
    JOIN "AuditEvent" e ON e."orgId" = c."orgId" AND e."lane" = c."lane" AND e."serverSeq" = c."serverSeq"
    WHERE c."orgId" = ${orgId}::uuid AND e."receivedAt" < ${cutoff}
    ORDER BY c."lane", c."serverSeq" DESC`;
  const lanes: RetentionResult["lanes"] = [];
  for (const cut of cuts) {
    const deleted = await prisma.$executeRaw`
      DELETE FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "lane" = ${cut.lane} AND "serverSeq" <= ${cut.serverSeq}`;
    // Older checkpoints of the lane are covered by the one kept as the anchor.
    await prisma.chainCheckpoint.deleteMany({ where: { orgId, lane: cut.lane, serverSeq: { lt: cut.serverSeq } } });
    lanes.push({ lane: cut.lane, startsAfter: Number(cut.serverSeq), deleted });
  }
  if (lanes.length > 0) {
    await prisma.$executeRaw`
      DELETE FROM "AgentEventKey" k USING "Device" d
      WHERE k."deviceId" = d."id" AND d."orgId" = ${orgId}::uuid AND k."ts" < ${cutoff}
        AND k."seq" < (SELECT max(k2."seq") FROM "AgentEventKey" k2 WHERE k2."deviceId" = k."deviceId")`;
  }
  return { orgId, deleted: lanes.reduce((n, l) => n + l.deleted, 0), lanes };
}

/**
 * Drops monthly partitions that are entirely older than every org's retention and empty after
 * retention ran (cheaper than vacuuming them forever). Returns the names dropped.
 */
export async function dropEmptyOldPartitions(prisma: PrismaClient, now = new Date()): Promise<string[]> {
  const [r] = await prisma.$queryRaw<{ days: number | null }[]>`SELECT max("auditRetentionDays") AS days FROM "Org"`;
  // never inside the 13 months ensure_audit_partitions keeps, or the two jobs would fight
  const horizon = new Date(now.getTime() - Math.max(r?.days ?? 365, 430) * 86_400_000);
  const parts = await prisma.$queryRaw<{ name: string }[]>`
    SELECT c.relname::text AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'AuditEvent' AND c.relname ~ '^AuditEvent_[0-9]{4}_[0-9]{2}$'`;
  const dropped: string[] = [];
  for (const { name } of parts) {
    const [, y, m] = /^AuditEvent_(\d{4})_(\d{2})$/.exec(name)!;
    const end = new Date(Date.UTC(Number(y), Number(m), 1));
    if (end > horizon) continue;
    const [row] = await prisma.$queryRawUnsafe<{ any: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM "${name}") AS any`);
    if (row?.any) continue;
    await prisma.$executeRawUnsafe(`DROP TABLE "${name}"`);
    dropped.push(name);
  }
  return dropped;
}
