import { makeCheckpoint } from "@luminous/audit";
import { db } from "../db";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";

/**
 * Signs the head of each lane of the org chain with the org key (like a CloudTrail digest file)
 * when it moved since that lane's last checkpoint. Rows deleted at the end of a lane are visible
 * to `verify` once a checkpoint covers them, so the job's interval bounds that window.
 */
export async function writeCheckpoint(
  orgId: string,
  now = new Date(),
): Promise<{ written: boolean; lanes: { lane: number; serverSeq: number }[] }> {
  const heads = await db().auditChainHead.findMany({
    where: { orgId, serverSeq: { gt: 0 } },
    orderBy: { lane: "asc" },
  });
  const lanes: { lane: number; serverSeq: number }[] = [];
  let key: Awaited<ReturnType<typeof activeSigningKey>> = null;
  for (const head of heads) {
    const { lane } = head;
    const last = await db().chainCheckpoint.findFirst({ where: { orgId, lane }, orderBy: { serverSeq: "desc" } });
    if (last && last.serverSeq >= head.serverSeq) continue;
    const [row] = await db().$queryRaw<{ id: string; serverHash: string }[]>`
      SELECT "id", "serverHash" FROM "AuditEvent"
      WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane} AND "serverSeq" = ${head.serverSeq}`;
    if (!row) throw new Error(`audit chain lane ${lane} head ${head.serverSeq} of org ${orgId} has no row (deleted?)`);
    if (!key) {
      await db().$transaction((tx) => ensureSigningKey(tx, orgId));
      key = await activeSigningKey(orgId);
      if (!key) throw new Error(`org ${orgId} has no active signing key`);
    }
    const cp = makeCheckpoint(
      {
        orgId,
        lane,
        lastEventId: row.id,
        lastServerHash: row.serverHash,
        count: Number(head.serverSeq),
        at: now.toISOString(),
      },
      key,
    );
    await db().chainCheckpoint.create({
      data: {
        orgId,
        lane,
        serverSeq: head.serverSeq,
        serverHash: row.serverHash,
        count: head.serverSeq,
        keyId: key.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });
    lanes.push({ lane, serverSeq: Number(head.serverSeq) });
  }
  return { written: lanes.length > 0, lanes };
}
