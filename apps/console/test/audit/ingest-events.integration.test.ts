import { randomBytes } from "node:crypto";
import { eventHash } from "@luminous/audit";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/agent/v1/events/route";
import { verifyAuditTrail } from "@/server/audit/verify-audit-trail";
import { db } from "@/server/db";
import { resetEnvForTests } from "@/server/env";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { input, makeDevice } from "./device-client";

let testDb: TestDatabase;
let orgId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  orgId = (
    await testDb.prisma.org.create({ data: { name: "Ingest", slug: `ingest-${randomBytes(3).toString("hex")}` } })
  ).id;
});

afterAll(async () => {
  await db().$disconnect();
  await closeIngestPool();
  await testDb?.drop();
});

const send = async (req: Request) => {
  const res = await POST(req);
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading response bodies
  return { status: res.status, json: (await res.json()) as any, headers: res.headers };
};
const msg = (data: unknown) => (data as { message?: string } | null)?.message;
const stored = (deviceId: string) =>
  testDb.prisma.auditEvent.findMany({ where: { orgId, deviceId, category: "agent" }, orderBy: { seq: "asc" } });
const integrity = (deviceId: string) =>
  testDb.prisma.auditEvent.findMany({
    where: { orgId, deviceId, category: "integrity" },
    orderBy: { serverSeq: "asc" },
  });

describe("POST /api/agent/v1/events", () => {
  it("stores a gzip batch, acknowledges its seqs after commit, and stores nothing twice on a retry", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-retry");
    const events = d.chain([
      input(),
      input({ type: "plan_generated" }),
      input({ type: "execution_completed", execution: { success: true, duration_ms: 1200 } }),
    ]);
    const first = await send(d.post({ events }));
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ stored: [1, 2, 3], duplicates: [], rejected: [] });
    const again = await send(d.post({ events }));
    expect(again.json).toMatchObject({ stored: [1, 2, 3], duplicates: [1, 2, 3], rejected: [] });
    const rows = await stored(d.id);
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({
      subject: "alice",
      packages: ["docker"],
      services: ["docker"],
      action: "install_package",
    });
    expect(rows[2]!.outcome).toBe("success");
    expect(await integrity(d.id)).toEqual([]);
  });

  it("refuses bad events one by one with reasons while storing the good ones, and records the refusals", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-bad");
    const [e1, e2, e3] = d.chain([input(), input(), input()]);
    const wrongType = { ...e2!, type: 42 };
    const missing = { ...e3! } as Record<string, unknown>;
    delete missing.ts;
    const absurd = d.chain([input({ ts: "1970-01-01T00:00:00Z" })])[0]!; // hashed with the bad ts: only the schema refuses it
    const tampered = { ...d.chain([input()])[0]!, command: "rm -rf /" };
    const r = await send(d.post({ events: [e1, wrongType, missing, absurd, tampered] }));
    expect(r.status).toBe(200);
    expect(r.json.stored).toEqual([1]);
    const reasons = Object.fromEntries(
      (r.json.rejected as { index: number; message: string }[]).map((x) => [x.index, x] as const),
    );
    expect(reasons[1]).toMatchObject({ seq: 2, reason: "invalid" });
    expect(reasons[1]!.message).toMatch(/type/);
    expect(reasons[2]!.message).toMatch(/ts/);
    expect(reasons[3]!.message).toMatch(/ts: must be between 2020-01-01/);
    expect(reasons[4]).toMatchObject({ reason: "hash_mismatch" });
    const recorded = await integrity(d.id);
    expect(recorded.map((x) => x.type)).toContain("integrity_rejected");
    expect(JSON.stringify(recorded.find((x) => x.type === "integrity_rejected")!.data)).toMatch(/4 events refused/);
  });

  it("refuses an event carrying a NUL character with a reason, and stores the rest of the batch", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-nul");
    const events = d.chain([input(), input({ command: "ask-nix install a\u0000b" }), input(), input()]);
    // A NUL in a field name the schema does not know: refused by the schema, and its reason (which
    // names the field) is still stored.
    events[3] = { ...events[3]!, ["x\u0000y"]: 1 } as (typeof events)[number];
    const r = await send(d.post({ events }));
    expect(r.status).toBe(200);
    expect(r.json.stored).toEqual([1, 3]);
    expect(r.json.rejected).toEqual([
      expect.objectContaining({
        index: 1,
        seq: 2,
        reason: "invalid",
        message: expect.stringMatching(/^command: .*NUL/),
      }),
      expect.objectContaining({ index: 3, seq: 4, reason: "invalid", message: expect.stringContaining("x\\u0000y") }),
    ]);
    expect((await stored(d.id)).map((x) => Number(x.seq))).toEqual([1, 3]);
    const refusal = (await integrity(d.id)).find((x) => x.type === "integrity_rejected");
    expect(msg(refusal?.data)).toMatch(/^2 events refused at ingestion/);
  });

  it("stores text with tabs, newlines, backslashes, quotes, braces and commas exactly, and the trail verifies", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-awkward");
    const command = 'ask-nix "install\tfoo"\nthen \\N and C:\\temp\\ {a,b} \r NULL zoë 🦀';
    const packages = ["a,b", 'q"uote', "back\\slash", "", "NULL", "{br}", "tab\there", "new\nline"];
    const events = d.chain([
      input({
        command,
        user: "zoë\tadmin",
        sessionId: "s\\1\r",
        intent: { action: "install_package", packages, services: ["\\N"] },
        details: { note: "line1\nline2\t\\", nested: { q: '"{}"' }, text: "\\u0000 as text" },
      }),
    ]);
    const r = await send(d.post({ events }));
    expect(r.status).toBe(200);
    expect(r.json.stored).toEqual([1]);
    const [row] = await stored(d.id);
    expect(row).toMatchObject({ command, subject: "zoë\tadmin", sessionId: "s\\1\r", packages, services: ["\\N"] });
    expect((row!.data as { event: { details: unknown } }).event.details).toEqual({
      note: "line1\nline2\t\\",
      nested: { q: '"{}"' },
      text: "\\u0000 as text",
    });
    const report = await verifyAuditTrail(testDb.prisma, orgId);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it("refuses malformed JSON and a non-batch with 422, and records them", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-malformed");
    const r = await send(d.post(null, { raw: '{"events": [ {"seq": 1,' }));
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/Malformed JSON/);
    const r2 = await send(d.post({ events: "nope" }));
    expect(r2.status).toBe(422);
    expect(r2.json.error.fields[0].path).toBe("events");
    const rows = await integrity(d.id);
    expect(rows.map((x) => msg(x.data))).toEqual([
      expect.stringMatching(/batch refused at ingestion: Malformed JSON/),
      expect.stringMatching(/batch refused at ingestion: Body must be an object/),
    ]);
  });

  it("refuses an event nested 2,000 levels on its own, stores the rest of the batch, and records the refusal", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-deep");
    const [e1, e2, e3] = d.chain([input(), input(), input({ type: "plan_generated" })]);
    // The deep event as a modified agent would send it: 2,000 levels in `details` (about 4 KB).
    const deep = `${"[".repeat(2000)}${"]".repeat(2000)}`;
    const e2text = JSON.stringify(e2).replace(/}$/, `,"details":{"k":${deep}}}`);
    const raw = `{"events":[${JSON.stringify(e1)},${e2text},${JSON.stringify(e3)}]}`;
    for (const gzip of [true, false]) {
      const r = await send(d.post(null, { raw, gzip }));
      expect(r.status).toBe(200);
      expect(r.json.stored).toEqual([1, 3]);
      expect(r.json.rejected).toEqual([
        expect.objectContaining({
          index: 1,
          seq: 2,
          reason: "invalid",
          message: expect.stringMatching(/^details\.k\.0\.0\.0.*: nests deeper than 64 levels$/),
        }),
      ]);
    }
    expect((await stored(d.id)).map((x) => Number(x.seq))).toEqual([1, 3]);
    const refusal = (await integrity(d.id)).find((x) => x.type === "integrity_rejected");
    expect(msg(refusal?.data)).toMatch(/^1 event refused at ingestion: details\.k\.0.*nests deeper than 64 levels/);
    // The refusal stays small: the path is shortened, not 2,000 segments long.
    expect(JSON.stringify(refusal?.data).length).toBeLessThan(2000);
  });

  it("takes an event nested exactly to the limit, as the agent accepts it", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-limit");
    // The event is level 1, details level 2: 62 more levels reach the shared limit of 64.
    let v: unknown = 1;
    for (let i = 0; i < 62; i++) v = [v];
    const events = d.chain([input({ details: { k: v as number[] } })]);
    const r = await send(d.post({ events }));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ stored: [1], rejected: [] });
  });

  it("refuses a body nested past the limit outside its events as a whole (422 naming the field), and records it", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-deep-body");
    const raw = `{"events":[],"extra":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}`;
    const r = await send(d.post(null, { raw }));
    expect(r.status).toBe(422);
    expect(r.json.error.fields).toEqual([
      { path: expect.stringMatching(/^extra\.a\.a\.a.*…$/), message: "nests deeper than 64 levels" },
    ]);
    const rows = await integrity(d.id);
    expect(rows.map((x) => msg(x.data))).toEqual([expect.stringMatching(/batch refused at ingestion: .*extra\.a\.a/)]);
  });

  it("refuses a different event under a used seq as a forgery, and records it", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-forge");
    const [e1, e2] = d.chain([input(), input()]);
    await send(d.post({ events: [e1, e2] }));
    const forged = { ...e2!, command: "ask-nix remove auditd" };
    const rehashed = { ...forged, hash: eventHash(forged) };
    const r = await send(d.post({ events: [rehashed] }));
    expect(r.json.stored).toEqual([]);
    expect(r.json.rejected[0]).toMatchObject({ seq: 2, reason: "forged_seq" });
    expect((await stored(d.id)).map((x) => x.command)).toEqual([e1!.command, e2!.command]);
    const rec = await integrity(d.id);
    expect(rec.map((x) => x.type)).toEqual(["integrity_forged_seq"]);
  });

  it("stores a gap and a broken chain as integrity events, keeping the events", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-gap");
    const evs = d.chain([input(), input(), input(), input(), input()]);
    await send(d.post({ events: [evs[0], evs[1]] }));
    const r = await send(d.post({ events: [evs[4]] })); // 3 and 4 never arrive
    expect(r.json.stored).toEqual([5]);
    expect(r.json.integrity[0].message).toMatch(/seq 3..4 missing before seq 5/);
    const other = await makeDevice(testDb.prisma, orgId, "ws-break");
    const [a] = other.chain([input()]);
    const [b] = other.chain([input()]);
    const broken = { ...b!, prevHash: "f".repeat(64) };
    const r2 = await send(other.post({ events: [a, { ...broken, hash: eventHash(broken) }] }));
    expect(r2.json.stored).toEqual([1, 2]);
    expect((await integrity(other.id)).map((x) => x.type)).toEqual(["integrity_chain_break"]);
  });

  it("answers 413 for an oversize batch and 401 for a bad signature", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-big");
    const many = d.chain(Array.from({ length: 1001 }, () => input()));
    expect((await send(d.post({ events: many }))).status).toBe(413);
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    expect((await send(d.sign("POST", "/api/agent/v1/events", big))).status).toBe(413);
    const req = d.post({ events: [] });
    const forgedReq = new Request(req.url, { method: "POST", headers: req.headers, body: '{"events":[]}' });
    const r = await send(forgedReq);
    expect(r.status).toBe(401);
  });

  it("keeps one event per (device, seq) under concurrent deliveries of the same batch", async () => {
    const d = await makeDevice(testDb.prisma, orgId, "ws-race");
    const events = d.chain(Array.from({ length: 50 }, () => input()));
    const results = await Promise.all([1, 2, 3].map(() => send(d.post({ events }))));
    for (const r of results) expect(r.json.stored).toHaveLength(50);
    expect(await stored(d.id)).toHaveLength(50);
  });
});
