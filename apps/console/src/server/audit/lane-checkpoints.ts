import type { SignedCheckpoint, StoredCheckpoint } from "@luminous/audit";
import type { PrismaClient } from "@luminous/db";
import type { Tx } from "../db";

type CheckpointRow = { lane: number; seq: number; serverSeq: bigint; payload: unknown; signature: string };

export const storedCheckpoint = (c: CheckpointRow): StoredCheckpoint => ({
  seq: c.seq,
  serverSeq: Number(c.serverSeq),
  cp: { payload: c.payload as SignedCheckpoint["payload"], signature: c.signature },
});

/** An org's stored checkpoints per lane, in their stored order (by number in the lane). */
export async function laneCheckpoints(
  prisma: PrismaClient | Tx,
  orgId: string,
  lane?: number,
): Promise<Map<number, StoredCheckpoint[]>> {
  const rows = await prisma.chainCheckpoint.findMany({
    where: { orgId, ...(lane === undefined ? {} : { lane }) },
    orderBy: [{ lane: "asc" }, { seq: "asc" }],
    select: { lane: true, seq: true, serverSeq: true, payload: true, signature: true },
  });
  const out = new Map<number, StoredCheckpoint[]>();
  for (const r of rows) {
    const list = out.get(r.lane) ?? [];
    list.push(storedCheckpoint(r));
    out.set(r.lane, list);
  }
  return out;
}

/** The org's signing keys (public halves, as stored): key id -> public key. */
export async function orgPublicKeys(prisma: PrismaClient | Tx, orgId: string): Promise<Record<string, string>> {
  const keys = await prisma.signingKey.findMany({ where: { orgId }, select: { keyId: true, publicKey: true } });
  return Object.fromEntries(keys.map((k) => [k.keyId, k.publicKey]));
}
