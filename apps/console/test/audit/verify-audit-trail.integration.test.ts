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

/** An org with console and agent events, a signed checkpoint, and two events after it. */
async function trail() {
  const slug = `v-${randomBytes(4).toString("hex")}`;
  const orgId = (await testDb.prisma.org.create({ data: { name: slug, slug } })).id;
  const meta = { actor: { type: "user" as const, id: null, label: "admin@example.com" }, ip: "203.0.113.9" };
  await recordAuditNow(orgId, meta, { action: "policy.publish", outcome: "success", after: { version: 2 } });
  const d = await makeDevice(testDb.prisma, orgId, "ws-verify");
  const res = await POST(
    d.post({ events: d.chain(Array.from({ length: 10 }, (_, i) => input({ command: `ask-nix install pkg${i}` }))) }),
  );
  expect(res.status).toBe(200);
  await recordAuditNow(orgId, meta, { action: "device.revoke", outcome: "success" });
  expect((await writeCheckpoint(orgId)).written).toBe(true);
  await recordAuditNow(orgId, meta, { action: "user.create", outcome: "success" });
  await POST(d.post({ events: d.chain([input({ command: "ask-nix remove pkg0" })]) }));
  const rows = () => testDb.prisma.auditEvent.findMany({ where: { orgId }, orderBy: { serverSeq: "asc" } });
  return { orgId, rows, verify: () => verifyAuditTrail(testDb.prisma, orgId) };
}

describe("audit trail verification", () => {
  it("passes on an untouched trail with its signed checkpoint", async () => {
    const t = await trail();
    const r = await t.verify();
    expect(r).toMatchObject({ ok: true, count: 14, checkpointsVerified: 1, problems: [] });
  });

  it("names the edited row and column when a command is changed in the database", async () => {
    const t = await trail();
    const target = (await t.rows())[4]!;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "command" = 'ask-nix install nothing' WHERE "id" = ${target.id}::uuid`;
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ problem: "hash_mismatch", eventId: target.id, serverSeq: 5 });
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
      INSERT INTO "AuditEvent" ("id","ts","orgId","receivedAt","category","type","outcome","actorType","packages","services","hash","serverSeq","serverHash")
      VALUES (${fakeId}::uuid, now(), ${t.orgId}::uuid, ${src.receivedAt}, 'admin', 'admin.user.create', 'success', 'user', '{}', '{}', ${src.hash}, ${src.serverSeq}, ${"a".repeat(64)})`;
    // Make the insert sit between rows 3 and 4 in chain order.
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "serverSeq" = "serverSeq" + 1 WHERE "orgId" = ${t.orgId}::uuid AND "serverSeq" > ${src.serverSeq}`;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "serverSeq" = ${src.serverSeq + 1n} WHERE "id" = ${fakeId}::uuid`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "row_inserted", eventId: fakeId });
  });

  it("reports the newest rows deleted behind a signed checkpoint as truncation", async () => {
    const t = await trail();
    await writeCheckpoint(t.orgId);
    await testDb.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${t.orgId}::uuid AND "serverSeq" > 13`;
    const r = await t.verify();
    expect(r.problems[0]).toMatchObject({ problem: "truncated" });
    expect(r.problems[0]!.message).toMatch(/covers 14 events but only 13/);
  });

  it("retention removes old events up to a checkpoint and the rest still verifies", async () => {
    const t = await trail();
    await testDb.prisma.org.update({ where: { id: t.orgId }, data: { auditRetentionDays: 30 } });
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "receivedAt" = "receivedAt" - interval '40 days' WHERE "orgId" = ${t.orgId}::uuid AND "serverSeq" <= 12`;
    // receivedAt is part of the chain links: re-link the moved rows as if they had been received then.
    const { serverLinkHash, GENESIS_HASH } = await import("@luminous/audit");
    let prev = GENESIS_HASH;
    for (const row of await t.rows()) {
      const serverHash = serverLinkHash(prev, { ...row, hash: row.hash ?? "" });
      await testDb.prisma
        .$executeRaw`UPDATE "AuditEvent" SET "serverHash" = ${serverHash} WHERE "id" = ${row.id}::uuid`;
      prev = serverHash;
    }
    await testDb.prisma.chainCheckpoint.deleteMany({ where: { orgId: t.orgId } });
    await testDb.prisma.auditChainHead.update({ where: { orgId: t.orgId }, data: { hash: prev } });
    expect((await writeCheckpoint(t.orgId)).written).toBe(true); // at 14: too new to cut at
    const none = await applyRetention(testDb.prisma, t.orgId);
    expect(none.deleted).toBe(0);
    // An older checkpoint at 12 (as the scheduled job would have written then).
    const { makeCheckpoint } = await import("@luminous/audit");
    const { activeSigningKey } = await import("@/server/signing-keys/active-signing-key");
    const key = (await activeSigningKey(t.orgId))!;
    const r12 = (await t.rows())[11]!;
    const cp = makeCheckpoint(
      { orgId: t.orgId, lastEventId: r12.id, lastServerHash: r12.serverHash, count: 12, at: new Date().toISOString() },
      key,
    );
    await testDb.prisma.chainCheckpoint.create({
      data: {
        orgId: t.orgId,
        serverSeq: 12n,
        serverHash: r12.serverHash,
        count: 12n,
        keyId: key.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });
    const cut = await applyRetention(testDb.prisma, t.orgId);
    expect(cut).toMatchObject({ deleted: 12, startsAfter: 12 });
    const r = await t.verify();
    expect(r).toMatchObject({ ok: true, count: 2, startsAfter: 12 });
    // Deleting the next row too is still caught.
    await testDb.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${t.orgId}::uuid AND "serverSeq" = 13`;
    expect((await t.verify()).problems[0]!.problem).toBe("row_deleted");
  });

  it("npm run audit:verify exits 1 and names the problem", async () => {
    const t = await trail();
    const rows = await t.rows();
    await testDb.prisma.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${rows[2]!.id}::uuid`;
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
    expect(out.stdout).toMatch(/row_deleted at server seq 4/);
    const saved = await testDb.prisma.auditVerification.findUniqueOrThrow({ where: { orgId: t.orgId } });
    expect(saved).toMatchObject({ ok: false, problem: "row_deleted", eventId: rows[3]!.id });
  });
});
