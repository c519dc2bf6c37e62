import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { exportCheckpoints, type SignedCheckpoint } from "@luminous/audit";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/agent/v1/events/route";
import { recordAuditNow } from "@/server/audit/record-audit";
import { verifyAuditTrail } from "@/server/audit/verify-audit-trail";
import { writeCheckpoint } from "@/server/audit/write-checkpoint";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { input, makeDevice } from "./device-client";
import { ageTrail, forgeLane } from "./forge-lane";

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

const meta = { actor: { type: "user" as const, id: null, label: "admin@example.com" } };

/**
 * An org whose trail is an hour old (console events in lane 0, a device's in lane 1), with the
 * worker's checkpoints chained as it signs them every interval: `rounds` more events and
 * checkpoints after the first.
 */
async function agedTrail(rounds = 2) {
  const slug = `cp-${randomBytes(4).toString("hex")}`;
  const orgId = (await testDb.prisma.org.create({ data: { name: slug, slug } })).id;
  await recordAuditNow(orgId, meta, { action: "policy.publish", outcome: "success" });
  const d = await makeDevice(testDb.prisma, orgId, "ws-cp", null, 1);
  const push = async (n: number) =>
    expect(
      (
        await POST(
          d.post({ events: d.chain(Array.from({ length: n }, (_, i) => input({ command: `ask-nix install p${i}` }))) }),
        )
      ).status,
    ).toBe(200);
  await push(6);
  await ageTrail(testDb.prisma, orgId, 3600);
  // The first run of the worker on events older than the coverage limit must be told to.
  expect(await writeCheckpoint(orgId, new Date(), { signUncovered: true })).toMatchObject({ refused: [] });
  for (let i = 0; i < rounds; i++) {
    await recordAuditNow(orgId, meta, { action: "user.create", outcome: "success" });
    await push(2);
    expect((await writeCheckpoint(orgId)).lanes).toHaveLength(2);
  }
  const rows = (lane: number) =>
    testDb.prisma.auditEvent.findMany({ where: { orgId, lane }, orderBy: { serverSeq: "asc" } });
  const checkpoints = (lane: number) =>
    testDb.prisma.chainCheckpoint.findMany({ where: { orgId, lane }, orderBy: { seq: "asc" } });
  return { orgId, slug, d, push, rows, checkpoints, verify: () => verifyAuditTrail(testDb.prisma, orgId) };
}

const auditVerify = (...args: string[]) => npmRun("audit:verify", ...args);

function npmRun(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      "npm",
      ["run", "-s", script, "--", ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: testDb.url } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    ),
  );
}

describe("checkpoint chain", () => {
  it("the rewrite attack (edit, re-chain, DELETE the lane's checkpoints) fails audit:verify and the worker will not sign it", async () => {
    const t = await agedTrail(1);
    expect(await t.verify()).toMatchObject({ ok: true, checkpointsVerified: 4 });
    const victim = (await t.rows(1))[2]!;
    await forgeLane(testDb.prisma, t.orgId, 1, victim.id, "ask-nix install innocent-package");
    await testDb.prisma.$executeRaw`DELETE FROM "ChainCheckpoint" WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1`;

    const out = await auditVerify("--org", t.slug);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(new RegExp(`FAIL ${t.slug}`));
    expect(out.stdout).toMatch(/not_checkpointed at lane 1 server seq 1: lane 1: 8 events after the start not covered/);
    expect(out.stdout).toMatch(/detection window: events newer than their lane's last signed checkpoint/);

    // The worker that signed them remembers its last checkpoint; a fresh worker process sees events
    // older than the coverage limit with no checkpoint. Neither signs.
    const here = await writeCheckpoint(t.orgId);
    expect(here.refused).toMatchObject([{ lane: 1, problems: [{ problem: "checkpoint_deleted" }] }]);
    await testDb.prisma.auditVerification.delete({ where: { orgId: t.orgId } });
    const worker = await npmRun("worker", "--once");
    expect(worker.stdout + worker.stderr).toMatch(
      /audit checkpoint refused: the lane does not verify.*lane 1: events received since .* and no checkpoint/,
    );
    expect(await t.checkpoints(1)).toHaveLength(0);
    const alarm = await testDb.prisma.auditEvent.findFirst({
      where: { orgId: t.orgId, type: "integrity_checkpoint_refused" },
    });
    expect(alarm).toMatchObject({ category: "integrity", outcome: "failure", targetId: "1" });
    expect(await testDb.prisma.auditVerification.findUnique({ where: { orgId: t.orgId } })).toMatchObject({
      ok: false,
      problem: "not_checkpointed",
    });
    // The alarm is recorded once per distinct problem, not on every run that still sees it.
    await npmRun("worker", "--once");
    expect(
      await testDb.prisma.auditEvent.count({ where: { orgId: t.orgId, type: "integrity_checkpoint_refused" } }),
    ).toBe(2);
  });

  it("detects one checkpoint deleted from the middle of a lane, and two swapped", async () => {
    const t = await agedTrail(2);
    const cps = await t.checkpoints(0);
    expect(cps.map((c) => c.seq)).toEqual([1, 2, 3]);
    await testDb.prisma.chainCheckpoint.delete({ where: { id: cps[1]!.id } });
    const r = await t.verify();
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(
      expect.objectContaining({
        problem: "checkpoint_deleted",
        lane: 0,
        message: "lane 0 checkpoint #3: follows #1: checkpoint #2 deleted",
      }),
    );

    const u = await agedTrail(2);
    const [a, b] = (await u.checkpoints(1)).slice(1);
    await testDb.prisma
      .$executeRaw`UPDATE "ChainCheckpoint" SET "seq" = -"seq" WHERE "id" IN (${a!.id}::uuid, ${b!.id}::uuid)`;
    await testDb.prisma
      .$executeRaw`UPDATE "ChainCheckpoint" SET "seq" = 3, "serverSeq" = ${b!.serverSeq} WHERE "id" = ${a!.id}::uuid`;
    await testDb.prisma
      .$executeRaw`UPDATE "ChainCheckpoint" SET "seq" = 2, "serverSeq" = ${a!.serverSeq} WHERE "id" = ${b!.id}::uuid`;
    expect((await u.verify()).problems).toContainEqual(
      expect.objectContaining({ problem: "checkpoint_reordered", lane: 1 }),
    );
  });

  it("the worker refuses to sign over rows rewritten under its last checkpoint, or after the newest checkpoints were deleted", async () => {
    const t = await agedTrail(1);
    await forgeLane(testDb.prisma, t.orgId, 1, (await t.rows(1))[1]!.id, "ask-nix install nothing");
    await t.push(1);
    const run = await writeCheckpoint(t.orgId);
    expect(run.refused).toMatchObject([{ lane: 1, problems: [{ problem: "checkpoint_mismatch" }] }]);
    expect((await t.checkpoints(1)).map((c) => c.seq)).toEqual([1, 2]);

    // Only the newest checkpoint covered the forged row: delete it and the rows link to the one before.
    const u = await agedTrail(1);
    await u.push(1);
    const victim = (await u.rows(1)).at(-1)!;
    expect((await writeCheckpoint(u.orgId)).lanes).toContainEqual({
      lane: 1,
      serverSeq: Number(victim.serverSeq),
      seq: 3,
    });
    await forgeLane(testDb.prisma, u.orgId, 1, victim.id, "ask-nix install nothing");
    await testDb.prisma
      .$executeRaw`DELETE FROM "ChainCheckpoint" WHERE "orgId" = ${u.orgId}::uuid AND "lane" = 1 AND "seq" = 3`;
    await u.push(1);
    expect((await writeCheckpoint(u.orgId)).refused).toMatchObject([
      {
        lane: 1,
        problems: [
          {
            problem: "checkpoint_deleted",
            message: "lane 1: checkpoint #3, which this worker signed, is missing (deleted)",
          },
        ],
      },
    ]);
  });

  it("audit:verify --witness catches a rewrite the database alone no longer shows", async () => {
    const t = await agedTrail(1);
    // An agent kept the checkpoints it was served (with the org key it pinned).
    const key = await testDb.prisma.signingKey.findFirstOrThrow({ where: { orgId: t.orgId } });
    const witnessed: SignedCheckpoint[] = (
      await testDb.prisma.chainCheckpoint.findMany({ where: { orgId: t.orgId } })
    ).map((c) => ({ payload: c.payload as SignedCheckpoint["payload"], signature: c.signature }));
    const file = path.join(tmpdir(), `witness-${t.slug}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        exportCheckpoints({
          orgId: t.orgId,
          source: "agent ws-cp",
          checkpoints: witnessed,
          keys: { [key.keyId]: key.publicKey },
        }),
      ),
    );
    expect((await auditVerify("--witness", file)).code).toBe(0);

    // The whole history rewritten and re-signed in order, inside the coverage limit: the
    // database's own checkpoints are a consistent chain again.
    await forgeLane(testDb.prisma, t.orgId, 1, (await t.rows(1))[0]!.id, "ask-nix install nothing");
    await testDb.prisma.$executeRaw`DELETE FROM "ChainCheckpoint" WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1`;
    await testDb.prisma
      .$executeRaw`UPDATE "AuditEvent" SET "receivedAt" = now() WHERE "orgId" = ${t.orgId}::uuid AND "lane" = 1`;
    await forgeLane(testDb.prisma, t.orgId, 1, (await t.rows(1))[0]!.id, "ask-nix install nothing");
    const { makeCheckpoint } = await import("@luminous/audit");
    const { activeSigningKey } = await import("@/server/signing-keys/active-signing-key");
    const head = (await t.rows(1)).at(-1)!;
    // (a fresh worker process, which remembers nothing, signing the forged lane)
    const cp = makeCheckpoint(
      {
        orgId: t.orgId,
        lane: 1,
        lastEventId: head.id,
        lastServerHash: head.serverHash,
        count: Number(head.serverSeq),
        at: new Date().toISOString(),
        previous: null,
      },
      (await activeSigningKey(t.orgId))!,
    );
    await testDb.prisma.chainCheckpoint.create({
      data: {
        orgId: t.orgId,
        lane: 1,
        seq: 1,
        serverSeq: head.serverSeq,
        serverHash: head.serverHash,
        count: head.serverSeq,
        keyId: cp.payload.keyId,
        payload: cp.payload,
        signature: cp.signature,
      },
    });
    const alone = await auditVerify("--org", t.slug);
    expect(alone.code).toBe(0);

    const out = await auditVerify("--witness", file);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/witness: 4 checkpoints from agent ws-cp checked/);
    expect(out.stdout).toMatch(
      /witness_mismatch at lane 1 server seq 6: checkpoint #1 of lane 1 from agent ws-cp: the database holds a different checkpoint/,
    );
    expect(out.stdout).toMatch(
      /witness_rewritten at lane 1 server seq 6: .*the events up to #6 are not those it signed/,
    );
    expect(out.stdout).toMatch(
      /witness_missing at lane 1 server seq 8: checkpoint #2 of lane 1 from agent ws-cp: not in the database/,
    );
  });

  it("audit:verify --witness names a file that is not a checkpoint export", async () => {
    const file = path.join(tmpdir(), `witness-bad-${randomBytes(3).toString("hex")}.json`);
    writeFileSync(file, JSON.stringify({ format: "luminous-checkpoints/v1", orgId: "x", exportedAt: "yesterday" }));
    const out = await auditVerify("--witness", file);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/not a checkpoint export: exportedAt: /);
  });
});
