import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { getSiemDestination } from "./list-destinations";
import { loadDestinationForUpdate } from "./load-destination";
import type { TReplaySiemDestination } from "./schemas";

/**
 * Moves the destination's cursors back so every record received at or after `from` is sent again
 * (receivers drop what they already have by event id). receivedAt grows with the chain position
 * in a lane, so the new cursor is the position just before the first record at or after `from`.
 */
export async function replaySiemDestination(ctx: Ctx, id: string, input: TReplaySiemDestination) {
  const from = new Date(input.from);
  await db().$transaction(async (tx) => {
    const d = await loadDestinationForUpdate(tx, ctx.orgId, id);
    const moved =
      d.stream === "checkpoints"
        ? await tx.$executeRaw`
            UPDATE "SiemCursor" c SET "position" = sub.pos, "updatedAt" = now()
            FROM (SELECT c2."lane" AS lane, coalesce((SELECT min(k."seq") - 1 FROM "ChainCheckpoint" k
                    WHERE k."orgId" = ${ctx.orgId}::uuid AND k."lane" = c2."lane" AND k."createdAt" >= ${from}), c2."position") AS pos
                  FROM "SiemCursor" c2 WHERE c2."destinationId" = ${d.id}::uuid) sub
            WHERE c."destinationId" = ${d.id}::uuid AND c."lane" = sub.lane AND sub.pos < c."position"`
        : await tx.$executeRaw`
            UPDATE "SiemCursor" c SET "position" = sub.pos, "updatedAt" = now()
            FROM (SELECT c2."lane" AS lane, coalesce((SELECT e."serverSeq" - 1 FROM "AuditEvent" e
                    WHERE e."orgId" = ${ctx.orgId}::uuid AND e."lane" = c2."lane" AND e."receivedAt" >= ${from}
                    ORDER BY e."serverSeq" LIMIT 1), c2."position") AS pos
                  FROM "SiemCursor" c2 WHERE c2."destinationId" = ${d.id}::uuid) sub
            WHERE c."destinationId" = ${d.id}::uuid AND c."lane" = sub.lane AND sub.pos < c."position"`;
    await tx.siemDestination.update({ where: { id: d.id }, data: { attempts: 0, nextAttemptAt: null } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "siem_destination.replay",
      outcome: "success",
      target: { type: "siem_destination", id: d.id, label: d.name },
      data: { from: from.toISOString(), lanesMoved: moved },
    });
  });
  return getSiemDestination(ctx, id);
}
