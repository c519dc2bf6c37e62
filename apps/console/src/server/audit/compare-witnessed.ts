import { checkpointHash, type SignedCheckpoint, verifyCheckpoint } from "@luminous/audit";
import { Prisma } from "@luminous/db";
import { db } from "../db";
import { log } from "../log";
import { orgPublicKeys } from "./lane-checkpoints";
import { raiseIntegrityAlarm } from "./raise-integrity-alarm";

/**
 * Compares the checkpoints an agent reports it witnessed with the database's. A witnessed
 * checkpoint that is stored unchanged costs one indexed read. One that is signed by the org's key
 * but stored differently or not at all is proof the checkpoints were rewritten: it is kept as an
 * AuditWitnessAlarm (with the signed checkpoint) and raises an integrity alarm. A report that is
 * not validly signed proves nothing and is only logged.
 */
export async function compareWitnessed(
  device: { id: string; orgId: string; hostname: string },
  witnessed: SignedCheckpoint[],
  now = new Date(),
): Promise<{ matched: number; alarms: number }> {
  const chained = witnessed.filter((w) => w.payload.v === 2 && w.payload.orgId === device.orgId);
  if (chained.length === 0) return { matched: 0, alarms: 0 };
  const keys = chained.map(
    (w) => Prisma.sql`(${w.payload.lane ?? 0}::smallint, ${(w.payload as { seq: number }).seq}::int)`,
  );
  const stored = await db().$queryRaw<{ lane: number; seq: number; payload: unknown; signature: string }[]>`
    SELECT "lane"::int AS lane, "seq", "payload", "signature" FROM "ChainCheckpoint"
    WHERE "orgId" = ${device.orgId}::uuid AND ("lane", "seq") IN (${Prisma.join(keys)})`;
  const byKey = new Map(stored.map((s) => [`${s.lane}:${s.seq}`, s]));
  let matched = 0;
  let alarms = 0;
  let publicKeysById: Record<string, string> | null = null;
  for (const w of chained) {
    const lane = w.payload.lane ?? 0;
    const seq = (w.payload as { seq: number }).seq;
    const s = byKey.get(`${lane}:${seq}`);
    const witnessedHash = checkpointHash(w);
    const storedHash = s
      ? checkpointHash({ payload: s.payload as SignedCheckpoint["payload"], signature: s.signature })
      : null;
    if (storedHash === witnessedHash) {
      matched += 1;
      continue;
    }
    publicKeysById ??= await orgPublicKeys(db(), device.orgId);
    if (!verifyCheckpoint(w, publicKeysById)) {
      log("warn", "agent reported a checkpoint not signed by its org", { deviceId: device.id, lane, seq });
      continue;
    }
    alarms += 1;
    const kind = s ? "mismatch" : "missing";
    await db().$executeRaw`
      INSERT INTO "AuditWitnessAlarm" ("id", "orgId", "lane", "seq", "kind", "witnessedHash", "storedHash", "checkpoint", "deviceId", "firstSeenAt", "lastSeenAt")
      VALUES (gen_random_uuid(), ${device.orgId}::uuid, ${lane}, ${seq}, ${kind}, ${witnessedHash}, ${storedHash},
              ${JSON.stringify(w)}::jsonb, ${device.id}::uuid, ${now}, ${now})
      ON CONFLICT ("orgId", "lane", "seq", "witnessedHash") DO UPDATE
        SET "reports" = "AuditWitnessAlarm"."reports" + 1, "lastSeenAt" = ${now}, "kind" = ${kind}, "storedHash" = ${storedHash}`;
    await raiseIntegrityAlarm(
      device.orgId,
      "integrity_witness_mismatch",
      {
        problem: s ? "witness_mismatch" : "witness_missing",
        eventId: null,
        lane,
        serverSeq: w.payload.count,
        message: `lane ${lane} checkpoint #${seq}, signed ${w.payload.at} and kept by agents, ${
          s ? "is stored differently in the database (replaced)" : "is no longer in the database (deleted)"
        }: the audit trail was rewritten`,
      },
      now,
      { deviceId: device.id, hostname: device.hostname, seq, witnessedHash, storedHash },
    );
  }
  return { matched, alarms };
}
