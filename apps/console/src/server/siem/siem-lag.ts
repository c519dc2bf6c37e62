import type { PrismaClient } from "@luminous/db";

export interface SiemLag {
  destinationId: string;
  /** Records after the cursors (before filtering). */
  events: number;
  /** Age of the oldest record not yet handed over (0 when caught up). */
  seconds: number;
}

/**
 * How far behind each destination is (those of one org, or all): per lane, the lane's head minus
 * the cursor, and the receive time of the first record after the cursor. One query; the first
 * record is an index lookup on (orgId, lane, serverSeq).
 */
export async function siemLag(prisma: PrismaClient, orgId?: string): Promise<Map<string, SiemLag>> {
  const rows = await prisma.$queryRaw<{ id: string; behind: bigint | null; oldest: Date | null }[]>`
    SELECT d."id", sum(greatest(coalesce(h.head, 0) - c."position", 0))::bigint AS behind, min(f.at) AS oldest
    FROM "SiemDestination" d
    JOIN "SiemCursor" c ON c."destinationId" = d."id"
    LEFT JOIN LATERAL (
      SELECT CASE WHEN d."stream" = 'checkpoints'
        THEN (SELECT max(k."seq")::bigint FROM "ChainCheckpoint" k WHERE k."orgId" = d."orgId" AND k."lane" = c."lane")
        ELSE (SELECT a."serverSeq" FROM "AuditChainHead" a WHERE a."orgId" = d."orgId" AND a."lane" = c."lane") END AS head
    ) h ON true
    LEFT JOIN LATERAL (
      SELECT CASE WHEN d."stream" = 'checkpoints'
        THEN (SELECT k."createdAt" FROM "ChainCheckpoint" k WHERE k."orgId" = d."orgId" AND k."lane" = c."lane"
              AND k."seq" > c."position" ORDER BY k."seq" LIMIT 1)
        ELSE (SELECT e."receivedAt" FROM "AuditEvent" e WHERE e."orgId" = d."orgId" AND e."lane" = c."lane"
              AND e."serverSeq" > c."position" ORDER BY e."serverSeq" LIMIT 1) END AS at
    ) f ON true
    WHERE (${orgId ?? null}::uuid IS NULL OR d."orgId" = ${orgId ?? null}::uuid)
    GROUP BY d."id"`;
  const now = Date.now();
  return new Map(
    rows.map((r) => [
      r.id,
      {
        destinationId: r.id,
        events: Number(r.behind ?? 0),
        seconds: r.oldest ? Math.max(0, Math.round((now - r.oldest.getTime()) / 1000)) : 0,
      },
    ]),
  );
}
