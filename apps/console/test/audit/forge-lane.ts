import { eventHash, GENESIS_HASH, serverLinkHash } from "@luminous/audit";
import type { PrismaClient } from "@luminous/db";
import { eventFromRow } from "@/server/ingest/event-row";

/**
 * What an attacker who owns the database (not the signing key) does to rewrite history: edit one
 * agent event, recompute that device's chain from it, recompute the lane's server chain and head.
 * Every hash then links; only signed checkpoints (and their copies) still hold the original.
 */
export async function forgeLane(prisma: PrismaClient, orgId: string, lane: number, eventId: string, command: string) {
  const rows = await prisma.auditEvent.findMany({ where: { orgId, lane }, orderBy: { serverSeq: "asc" } });
  const target = rows.find((r) => r.id === eventId);
  if (!target?.deviceId) throw new Error("forgeLane edits an agent event");
  let deviceHead: string | null = null;
  let prevServer = GENESIS_HASH;
  let editing = false;
  for (const row of rows) {
    if (row.id === eventId) editing = true;
    let { hash, prevHash } = row;
    const cmd = row.id === eventId ? command : row.command;
    if (editing && row.deviceId === target.deviceId) {
      const e = eventFromRow(row as unknown as Parameters<typeof eventFromRow>[0]);
      if (!e) throw new Error("agent row without its event");
      prevHash = deviceHead ?? row.prevHash;
      hash = eventHash({ ...e, command: cmd ?? undefined, prevHash: prevHash! });
    }
    if (row.deviceId === target.deviceId) deviceHead = hash;
    const serverHash = serverLinkHash(prevServer, { ...row, hash: hash ?? "" });
    prevServer = serverHash;
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "command" = ${cmd}, "prevHash" = ${prevHash}, "hash" = ${hash},
      "serverHash" = ${serverHash} WHERE "id" = ${row.id}::uuid`;
  }
  await prisma.$executeRaw`UPDATE "AuditChainHead" SET "hash" = ${prevServer} WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane}`;
}

/** Moves every row of an org back in time, re-linked as if received then (receivedAt is in the links). */
export async function ageTrail(prisma: PrismaClient, orgId: string, seconds: number) {
  await prisma.$executeRaw`UPDATE "AuditEvent" SET "receivedAt" = "receivedAt" - make_interval(secs => ${seconds})
    WHERE "orgId" = ${orgId}::uuid`;
  const prev = new Map<number, string>();
  for (const row of await prisma.auditEvent.findMany({
    where: { orgId },
    orderBy: [{ lane: "asc" }, { serverSeq: "asc" }],
  })) {
    const serverHash = serverLinkHash(prev.get(row.lane) ?? GENESIS_HASH, { ...row, hash: row.hash ?? "" });
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "serverHash" = ${serverHash} WHERE "id" = ${row.id}::uuid`;
    prev.set(row.lane, serverHash);
  }
  for (const [lane, hash] of prev) {
    await prisma.$executeRaw`UPDATE "AuditChainHead" SET "hash" = ${hash} WHERE "orgId" = ${orgId}::uuid AND "lane" = ${lane}`;
  }
}
