import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/agent/v1/events/route";
import { applyRetention } from "@/server/audit/apply-retention";
import { recordAuditNow } from "@/server/audit/record-audit";
import { verifyAuditTrail } from "@/server/audit/verify-audit-trail";
import { writeCheckpoint } from "@/server/audit/write-checkpoint";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { input, makeDevice } from "./device-client";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
});
afterAll(async () => {
  await db().$disconnect();
  await closeIngestPool();
  await testDb?.drop();
});

/**
 * An org with console events (lane 0: 3 rows) and one device's events (lane 1: 11 rows), a signed
 * checkpoint of each lane, and an event in each lane after it.
 */
async function trail(opts: { checkpoint?: boolean } = {}) {
  const slug = `v-${randomBytes(4).toString("hex")}`;
  const orgId = (await testDb.prisma.org.create({ data: { name: slug, slug } })).id;
  const meta = { actor: { type: "user" as const, id: null, label: "admin@example.com" }, ip: "203.0.113.9" };
  await recordAuditNow(orgId, meta, { action: "policy.publish", outcome: "success", after: { version: 2 } });
  const d = await makeDevice(testDb.prisma, orgId, "ws-verify", null, 1);
  const res = await POST(
    d.post({ events: d.chain(Array.from({ length: 10 }, (_, i) => input({ command: `ask-nix install pkg${i}` }))) }),
  );
  expect(res.status).toBe(200);
  await recordAuditNow(orgId, meta, { action: "device.revoke", outcome: "success" });
  if (opts.checkpoint !== false) expect((await writeCheckpoint(orgId)).written).toBe(true);
  await recordAuditNow(orgId, meta, { action: "user.create", outcome: "success" });
  await POST(d.post({ events: d.chain([input({ command: "ask-nix remove pkg0" })]) }));
  const rows = () =>
    testDb.prisma.auditEvent.findMany({ where: { orgId }, orderBy: [{ lane: "asc" }, { serverSeq: "asc" }] });
  return { orgId, rows, verify: () => verifyAuditTrail(testDb.prisma, orgId) };
}

describe("audit trail verification", () => {
  it("passes on an untouched trail with its signed checkpoint", async () => {
    const t = await trail();
    const r = await t.verify();
    expect(r).toMatchObject({ ok: true, count: 14, checkpointsVerified: 2, problems: [] });
    const lanes = await testDb.prisma.auditChainHead.findMany({ where: { orgId: t.orgId }, orderBy: { lane: "asc" } });
    expect(lanes.map((h) => [h.lane, Number(h.serverSeq)])).toEqual([
      [0, 3],
      [1, 11],
    ]);
  });

  it("reports rows inserted into a lane the console never writes", async () => {
    const t = await trail();
    const src = (await t.rows())[5]!;
    await testDb.prisma.$executeRaw`
      INSERT INTO "AuditEvent" ("id","ts","orgId","receivedAt","category","type","outcome","actorType","packages","services","hash","lane","serverSeq","serverHash")
      VALUES (${crypto.randomUUID()}::uuid, now(), ${t.orgId}::uuid, now(), 'admin', 'admin.user.create', 'success', 'user', '{}', '{}', ${src.hash}, 9, 1, ${"a".repeat(64)})`;
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ problem: "row_inserted", lane: 9 });
    expect(r.problems[0]!.message).toMatch(/lane 9, which the console never writes/);
  });

  it("names the edited row and column when a command is changed in the database", async () => {
    const t = await trail();
    const target = (await t.rows())[4]!;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "command" = 'ask-nix install nothing' WHERE "id" = ${target.id}::uuid`;
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ problem: "hash_mismatch", eventId: target.id, lane: 1, serverSeq: 2 });
    expect(r.problems[0]!.message).toMatch(/columns edited: command|edited/);
  });

  it("catches an admin event edited with its hash recomputed, at that row", async () => {
    const t = await trail();
    const first = (await t.rows())[0]!;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "outcome" = 'denied', "hash" = 'ab' || substr("hash", 3) WHERE "id" = ${first.id}::uuid`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "hash_mismatch", eventId: first.id });
  });

  it("reports a deleted row at the row after the hole", async () => {
    const t = await trail();
    const rows = await t.rows();
    await testDb.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${rows[6]!.id}::uuid`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "row_deleted", eventId: rows[7]!.id });
    expect(r.problems[0]!.message).toMatch(/1 row deleted/);
  });

  it("reports a row inserted directly in the database", async () => {
    const t = await trail();
    const rows = await t.rows();
    const src = rows[3]!;
    const fakeId = crypto.randomUUID();
    await testDb.prisma.$executeRaw`
      INSERT INTO "AuditEvent" ("id","ts","orgId","receivedAt","category","type","outcome","actorType","packages","services","hash","lane","serverSeq","serverHash")
      VALUES (${fakeId}::uuid, now(), ${t.orgId}::uuid, ${src.receivedAt}, 'admin', 'admin.user.create', 'success', 'user', '{}', '{}', ${src.hash}, ${src.lane}, ${src.serverSeq}, ${"a".repeat(64)})`;
    // Make the insert sit right after src in its lane.
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "serverSeq" = "serverSeq" + 1 WHERE "orgId" = ${t.orgId}::uuid AND "lane" = ${src.lane} AND "serverSeq" > ${src.serverSeq}`;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "serverSeq" = ${src.serverSeq + 1n} WHERE "id" = ${fakeId}::uuid`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "row_inserted", eventId: fakeId });
  });

  it("reports the newest rows deleted behind a signed checkpoint as truncation", async () => {
    const t = await trail();
    await writeCheckpoint(t.orgId);
    await testDb.prisma
      .$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1 AND "serverSeq" > 10`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "truncated", lane: 1 });
    expect(r.problems[0]!.message).toMatch(/lane 1: .*covers 11 events but only 10/);
  });

  it("retention removes old events up to a checkpoint in each lane and the rest still verifies", async () => {
    const t = await trail({ checkpoint: false });
    await testDb.prisma.org.update({ where: { id: t.orgId }, data: { auditRetentionDays: 30 } });
    // Lane 0 rows 1-2 and lane 1 rows 1-9 were received 40 days ago.
    const old = { 0: 2, 1: 9 } as Record<number, number>;
    await testDb.prisma.$executeRaw`UPDATE "AuditEvent" SET "receivedAt" = "receivedAt" - interval '40 days'
      WHERE "orgId" = ${t.orgId}::uuid AND (("lane" = 0 AND "serverSeq" <= 2) OR ("lane" = 1 AND "serverSeq" <= 9))`;
    // receivedAt is part of the chain links: re-link the moved rows as if they had been received then.
    const { serverLinkHash, GENESIS_HASH, makeCheckpoint } = await import("@luminous/audit");
    const prev: Record<number, string> = { 0: GENESIS_HASH, 1: GENESIS_HASH };
    for (const row of await t.rows()) {
      const serverHash = serverLinkHash(prev[row.lane]!, { ...row, hash: row.hash ?? "" });
      await testDb.prisma
        .$executeRaw`UPDATE "AuditEvent" SET "serverHash" = ${serverHash} WHERE "id" = ${row.id}::uuid`;
      prev[row.lane] = serverHash;
    }
    for (const lane of [0, 1]) {
      await testDb.prisma.auditChainHead.update({
        where: { orgId_lane: { orgId: t.orgId, lane } },
        data: { hash: prev[lane] },
      });
    }
    // Without a checkpoint there is nothing to cut at.
    expect((await applyRetention(testDb.prisma, t.orgId)).deleted).toBe(0);
    // Checkpoints at the last old row of each lane (as the scheduled job would have written then),
    // then the worker's next ones at the heads, chained to them.
    const { activeSigningKey } = await import("@/server/signing-keys/active-signing-key");
    const { ensureSigningKey } = await import("@/server/signing-keys/ensure-signing-key");
    await db().$transaction((tx) => ensureSigningKey(tx, t.orgId));
    const key = (await activeSigningKey(t.orgId))!;
    for (const lane of [0, 1]) {
      const row = (await t.rows()).find((r) => r.lane === lane && Number(r.serverSeq) === old[lane])!;
      const cp = makeCheckpoint(
        {
          orgId: t.orgId,
          lane,
          lastEventId: row.id,
          lastServerHash: row.serverHash,
          count: old[lane]!,
          at: new Date(Date.now() - 40 * 86_400_000).toISOString(),
          previous: null,
        },
        key,
      );
      await testDb.prisma.chainCheckpoint.create({
        data: {
          orgId: t.orgId,
          lane,
          seq: 1,
          serverSeq: row.serverSeq,
          serverHash: row.serverHash,
          count: row.serverSeq,
          keyId: key.keyId,
          payload: cp.payload,
          signature: cp.signature,
        },
      });
    }
    expect((await writeCheckpoint(t.orgId)).lanes).toEqual([
      { lane: 0, serverSeq: 3, seq: 2 },
      { lane: 1, serverSeq: 11, seq: 2 },
    ]);
    const cut = await applyRetention(testDb.prisma, t.orgId);
    expect(cut).toMatchObject({
      deleted: 11,
      lanes: [
        { lane: 0, startsAfter: 2, deleted: 2 },
        { lane: 1, startsAfter: 9, deleted: 9 },
      ],
    });
    const r = await t.verify();
    expect(r).toMatchObject({ ok: true, count: 3, startsAfter: 11, startsAfterByLane: { 0: 2, 1: 9 } });
    // Deleting the next row of a lane too is still caught.
    await testDb.prisma
      .$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1 AND "serverSeq" = 10`;
    expect((await t.verify()).problems[0]).toMatchObject({ problem: "row_deleted", lane: 1 });
  });

  it("refuses a checkpoint moved to another lane", async () => {
    const t = await trail();
    await testDb.prisma
      .$executeRaw`UPDATE "ChainCheckpoint" SET "lane" = 0, "seq" = 2 WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1`;
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContain("checkpoint_signature");
  });

  it("npm run audit:verify exits 1 and names the problem", async () => {
    const t = await trail();
    const rows = await t.rows();
    await testDb.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${rows[5]!.id}::uuid`;
    const slug = (await testDb.prisma.org.findUniqueOrThrow({ where: { id: t.orgId } })).slug;
    const out = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        "npm",
        ["run", "-s", "audit:verify", "--", "--org", slug],
        { cwd: repoRoot, env: { ...process.env, DATABASE_URL: testDb.url } },
        (err, stdout) => resolve({ code: err ? Number(err.code) : 0, stdout }),
      ),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`FAIL ${slug}`));
    expect(out.stdout).toMatch(/row_deleted at lane 1 server seq 4/);
    const saved = await testDb.prisma.auditVerification.findUniqueOrThrow({ where: { orgId: t.orgId } });
    expect(saved).toMatchObject({ ok: false, problem: "row_deleted", eventId: rows[6]!.id });
  });
});
