import { randomUUID } from "node:crypto";
import { GENESIS_HASH, serverLinkHash } from "@luminous/audit";
import { canonicalize, sha256Hex } from "@luminous/crypto";
import type { Prisma } from "@luminous/db";
import type { Tx } from "../db";

/** One row for the audit table, before the server chain is applied. */
export type AuditRow = Omit<
  Prisma.AuditEventUncheckedCreateInput,
  "id" | "orgId" | "serverSeq" | "serverHash" | "receivedAt" | "hash"
> & { id?: string; hash?: string | null };

/**
 * Appends rows to an org's audit trail inside the caller's transaction. The org's chain head is
 * locked for the rest of the transaction, so the server chain stays linear across console nodes;
 * each row is linked to the previous one (serverLinkHash), which is what `audit:verify` checks.
 * Admin events carry no agent hash: their content hash is computed here.
 */
export async function appendAuditEvents(
  tx: Tx,
  orgId: string,
  rows: AuditRow[],
): Promise<{ id: string; serverSeq: bigint }[]> {
  if (rows.length === 0) return [];
  await tx.$executeRaw`INSERT INTO "AuditChainHead" ("orgId", "serverSeq", "hash", "updatedAt")
    VALUES (${orgId}::uuid, 0, ${GENESIS_HASH}, now()) ON CONFLICT ("orgId") DO NOTHING`;
  const [head] = await tx.$queryRaw<{ serverSeq: bigint; hash: string }[]>`
    SELECT "serverSeq", "hash" FROM "AuditChainHead" WHERE "orgId" = ${orgId}::uuid FOR UPDATE`;
  if (!head) throw new Error("audit chain head missing");
  let prev = head.hash;
  let seq = BigInt(head.serverSeq);
  const receivedAt = new Date();
  const data: Prisma.AuditEventCreateManyInput[] = [];
  const out: { id: string; serverSeq: bigint }[] = [];
  for (const row of rows) {
    const id = row.id ?? randomUUID();
    const hash = row.hash ?? sha256Hex(canonicalize(contentOf(row)));
    seq += 1n;
    const serverHash = serverLinkHash(prev, {
      id,
      deviceId: row.deviceId ?? null,
      seq: row.seq ?? null,
      hash,
      receivedAt,
    });
    data.push({ ...row, id, orgId, hash, receivedAt, serverSeq: seq, serverHash } as Prisma.AuditEventCreateManyInput);
    out.push({ id, serverSeq: seq });
    prev = serverHash;
  }
  await tx.auditEvent.createMany({ data });
  await tx.auditChainHead.update({ where: { orgId }, data: { serverSeq: seq, hash: prev } });
  return out;
}

/** The fields of an admin event that its content hash covers (what an auditor would call "the event"). */
export function contentOf(row: AuditRow): Record<string, unknown> {
  return {
    ts: new Date(row.ts as Date | string).toISOString(),
    category: row.category,
    type: row.type,
    action: row.action ?? null,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId ?? null,
    actorLabel: row.actorLabel ?? null,
    targetType: row.targetType ?? null,
    targetId: row.targetId ?? null,
    targetLabel: row.targetLabel ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    sessionId: row.sessionId ?? null,
    deviceId: row.deviceId ?? null,
    data: row.data ?? null,
  };
}
