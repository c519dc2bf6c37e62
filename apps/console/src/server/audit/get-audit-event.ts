import { GENESIS_HASH, serverLinkHash } from "@luminous/audit";
import { db } from "../db";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { presentEvent } from "./list-audit-events";
import { contentProblem, type Row } from "./verify-audit-trail";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One event with every field and its chain status: does its content match its hash, does it link
 * to the row before it in the org chain (and, for agent events, to the device's previous event),
 * and is it covered by a signed checkpoint.
 */
export async function getAuditEvent(ctx: Ctx, id: string) {
  if (!UUID.test(id)) throw notFound("Audit event");
  const [e] = await db().$queryRaw<
    Row[]
  >`SELECT * FROM "AuditEvent" WHERE "orgId" = ${ctx.orgId}::uuid AND "id" = ${id}::uuid`;
  if (!e) throw notFound("Audit event");
  const [prev] = await db().$queryRaw<{ serverHash: string }[]>`
    SELECT "serverHash" FROM "AuditEvent"
    WHERE "orgId" = ${ctx.orgId}::uuid AND "lane" = ${e.lane} AND "serverSeq" = ${BigInt(e.serverSeq!) - 1n}`;
  const prevHash = e.serverSeq === 1n ? GENESIS_HASH : prev?.serverHash;
  let device: { ok: boolean | null; message: string } | null = null;
  if (e.category === "agent" && e.deviceId && e.seq !== null) {
    if (e.seq === 1n) device = { ok: e.prevHash === GENESIS_HASH, message: "first event of the device" };
    else {
      const [p] = await db().$queryRaw<{ hash: string }[]>`
        SELECT "hash" FROM "AgentEventKey" WHERE "deviceId" = ${e.deviceId}::uuid AND "seq" = ${e.seq - 1n}`;
      device = p
        ? {
            ok: p.hash === e.prevHash,
            message: p.hash === e.prevHash ? `links to seq ${e.seq - 1n}` : `does not link to seq ${e.seq - 1n}`,
          }
        : { ok: null, message: `seq ${e.seq - 1n} is not stored (gap recorded at ingestion, or removed by retention)` };
    }
  }
  const content = contentProblem(e);
  const checkpoint = await db().chainCheckpoint.findFirst({
    where: { orgId: ctx.orgId, lane: e.lane, serverSeq: { gte: BigInt(e.serverSeq!) } },
    orderBy: { serverSeq: "asc" },
    select: { createdAt: true, keyId: true, lane: true, serverSeq: true },
  });
  return {
    event: presentEvent(e as never),
    chain: {
      content: { ok: content === null, message: content ?? "content matches its hash" },
      server:
        prevHash === undefined
          ? { ok: null, message: "the row before it is not stored (removed by retention?)" }
          : serverLinkHash(prevHash, e) === e.serverHash
            ? { ok: true, message: `links to server seq ${BigInt(e.serverSeq!) - 1n} of lane ${e.lane}` }
            : { ok: false, message: "does not link to the row before it (edited, or rows deleted/inserted)" },
      device,
      checkpoint: checkpoint
        ? {
            covered: true,
            at: checkpoint.createdAt.toISOString(),
            keyId: checkpoint.keyId,
            lane: checkpoint.lane,
            serverSeq: Number(checkpoint.serverSeq),
          }
        : { covered: false, at: null, keyId: null, lane: null, serverSeq: null },
    },
  };
}
