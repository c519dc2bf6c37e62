import { makeCheckpoint } from "@luminous/audit";
import { db } from "../db";
import { activeSigningKey } from "../signing-keys/active-signing-key";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";

/**
 * Signs the org chain's current head with the org key (like a CloudTrail digest file) when it
 * moved since the last checkpoint. Rows deleted at the end of the chain are visible to `verify`
 * once a checkpoint covers them, so the job's interval bounds that window.
 */
export async function writeCheckpoint(
  orgId: string,
  now = new Date(),
): Promise<{ written: boolean; serverSeq: number }> {
  const head = await db().auditChainHead.findUnique({ where: { orgId } });
  if (!head || head.serverSeq === 0n) return { written: false, serverSeq: 0 };
  const last = await db().chainCheckpoint.findFirst({ where: { orgId }, orderBy: { serverSeq: "desc" } });
  if (last && last.serverSeq >= head.serverSeq) return { written: false, serverSeq: Number(last.serverSeq) };
  const [row] = await db().$queryRaw<{ id: string; serverHash: string }[]>`
    SELECT "id", "serverHash" FROM "AuditEvent" WHERE "orgId" = ${orgId}::uuid AND "serverSeq" = ${head.serverSeq}`;
  if (!row) throw new Error(`audit chain head ${head.serverSeq} of org ${orgId} has no row (deleted?)`);
  await db().$transaction((tx) => ensureSigningKey(tx, orgId));
  const key = await activeSigningKey(orgId);
  if (!key) throw new Error(`org ${orgId} has no active signing key`);
  const cp = makeCheckpoint(
    {
      orgId,
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
      serverSeq: head.serverSeq,
      serverHash: row.serverHash,
      count: head.serverSeq,
      keyId: key.keyId,
      payload: cp.payload,
      signature: cp.signature,
    },
  });
  return { written: true, serverSeq: Number(head.serverSeq) };
}
