import { describe, expect, it } from "vitest";
import { POST as ingest } from "@/app/api/agent/v1/events/route";
import * as integrityRoute from "@/app/api/v1/audit/integrity/route";
import * as verifyRoute from "@/app/api/v1/audit/verify/route";
import * as oneRoute from "@/app/api/v1/audit-events/[id]/route";
import * as exportRoute from "@/app/api/v1/audit-events/export/route";
import * as listRoute from "@/app/api/v1/audit-events/route";
import { runAuditJob } from "@/server/audit/run-audit-jobs";
import { db } from "@/server/db";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase } from "../harness";
import { input, makeDevice } from "./device-client";

const t = setupTestDatabase();

async function seeded() {
  const org = await makeOrg("audit");
  const group = await db().group.create({ data: { orgId: org.orgId, name: "devs" } });
  const d1 = await makeDevice(t.db.prisma, org.orgId, "ws-one", group.id);
  const d2 = await makeDevice(t.db.prisma, org.orgId, "ws-two");
  const at = (m: number) => new Date(Date.UTC(2026, 10, 20, 12, m)).toISOString();
  await ingest(
    d1.post({
      events: d1.chain([
        input({ ts: at(1), user: "alice", command: "ask-nix install docker and enable it" }),
        input({
          ts: at(2),
          type: "policy_decision",
          user: "alice",
          intent: { action: "install_package", packages: ["docker"] },
          decision: { decision: "require_approval", rule: "commands.require_approval", reason: "needs approval" },
          approval: { required: true, method: "admin", approver: "sec@example.com", at: at(3) },
        }),
        input({
          ts: at(4),
          type: "execution_completed",
          user: "alice",
          intent: { action: "enable_service", services: ["nginx"] },
          execution: { success: true, duration_ms: 2100, changes: ["services.nginx.enable = true"] },
          command: "ask-nix enable nginx",
        }),
      ]),
    }),
  );
  await ingest(
    d2.post({
      events: d2.chain([
        input({
          ts: at(5),
          user: "bob",
          command: "ask-nix remove firefox",
          intent: { action: "remove_package", packages: ["firefox"] },
        }),
      ]),
    }),
  );
  return { org, group, d1, d2, token: org.users.auditor.token };
}

const list = (token: string, query: string) => call(listRoute.GET, "GET", `/api/v1/audit-events?${query}`, { token });
const ids = (r: { json: { items: { command: string | null }[] } }) => r.json.items.map((e) => e.command);

describe("audit browser API", () => {
  it("filters on time, user, device, group, type, outcome, action, package, service and command text", async () => {
    const s = await seeded();
    const cases: [string, (string | null)[]][] = [
      ["category=agent&user=bob", ["ask-nix remove firefox"]],
      [`device=${s.d2.id}`, ["ask-nix remove firefox"]],
      ["device=ws-two&category=agent", ["ask-nix remove firefox"]],
      [
        `group=${s.group.id}&category=agent`,
        ["ask-nix enable nginx", "ask-nix install docker and enable it", "ask-nix install docker and enable it"],
      ],
      ["type=execution_completed", ["ask-nix enable nginx"]],
      ["outcome=require_approval", ["ask-nix install docker and enable it"]],
      ["action=remove_package", ["ask-nix remove firefox"]],
      ["package=docker&type=command_received", ["ask-nix install docker and enable it"]],
      ["service=nginx", ["ask-nix enable nginx"]],
      ["q=FIREFOX", ["ask-nix remove firefox"]],
      ["category=agent&from=2026-11-20T12:03:00Z&to=2026-11-20T12:05:00Z", ["ask-nix enable nginx"]],
    ];
    for (const [q, want] of cases) {
      const r = await list(s.token, q);
      expect(r.status, q).toBe(200);
      expect(ids(r), q).toEqual(want);
    }
    expect((await list(s.token, "group=nope")).status).toBe(422);
  });

  it("keyset pages stay stable while new events arrive", async () => {
    const s = await seeded();
    const p1 = await list(s.token, "category=agent&limit=2");
    expect(p1.json.items).toHaveLength(2);
    await ingest(s.d2.post({ events: s.d2.chain([input({ command: "ask-nix install late" })]) })); // newest
    const p2 = await list(s.token, `category=agent&limit=2&cursor=${p1.json.nextCursor}`);
    const all = [...p1.json.items, ...p2.json.items].map((e: { id: string }) => e.id);
    expect(new Set(all).size).toBe(4);
    expect(p2.json.nextCursor).toBeNull();
  });

  it("shows one event with every field, its approval and execution, and its chain status", async () => {
    const s = await seeded();
    const decision = (await list(s.token, "type=policy_decision")).json.items[0];
    const r = await call(oneRoute.GET, "GET", `/api/v1/audit-events/${decision.id}`, {
      token: s.token,
      params: { id: decision.id },
    });
    expect(r.status).toBe(200);
    expect(r.json.event).toMatchObject({
      subject: "alice",
      seq: 2,
      approval: { required: true, method: "admin", approver: "sec@example.com" },
      decision: { decision: "require_approval" },
    });
    expect(r.json.chain).toMatchObject({ content: { ok: true }, server: { ok: true }, device: { ok: true } });
    await t.db.prisma.$executeRaw`UPDATE "AuditEvent" SET "subject" = 'mallory' WHERE "id" = ${decision.id}::uuid`;
    const edited = await call(oneRoute.GET, "GET", `/api/v1/audit-events/${decision.id}`, {
      token: s.token,
      params: { id: decision.id },
    });
    expect(edited.json.chain.content).toMatchObject({ ok: false, message: "columns edited: subject" });
    const other = await makeOrg("other");
    expect(
      (await call(oneRoute.GET, "GET", "/x", { token: other.users.auditor.token, params: { id: decision.id } })).status,
    ).toBe(404);
  });

  it("exports the current filter as CSV, JSON and NDJSON, and audits the export", async () => {
    const s = await seeded();
    const get = async (format: string) => {
      const res = await exportRoute.GET(
        new Request(`${PUBLIC_URL}/api/v1/audit-events/export?category=agent&format=${format}`, {
          headers: { authorization: `Bearer ${s.token}` },
        }),
      );
      return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
    };
    const nd = await get("ndjson");
    expect(nd.type).toMatch(/x-ndjson/);
    expect(
      nd.text
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).command),
    ).toHaveLength(4);
    const js = await get("json");
    expect(JSON.parse(js.text)).toHaveLength(4);
    const csv = await get("csv");
    const lines = csv.text.trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,ts,received_at,category,type,action,outcome/);
    expect(lines).toHaveLength(5);
    expect(csv.text).toContain("ask-nix install docker and enable it");
    const audited = await list(s.token, "action=audit.export");
    expect(audited.json.items.map((e: { data: { format: string } }) => e.data.format).sort()).toEqual([
      "csv",
      "json",
      "ndjson",
    ]);
    const viewer = await exportRoute.GET(
      new Request(`${PUBLIC_URL}/api/v1/audit-events/export`, {
        headers: { authorization: `Bearer ${s.org.users.viewer.token}` },
      }),
    );
    expect(viewer.status).toBe(403);
  });

  it("integrity badge: unverified, then verified by the scheduled jobs, then broken after tampering", async () => {
    const s = await seeded();
    const badge = () => call(integrityRoute.GET, "GET", "/api/v1/audit/integrity", { token: s.token });
    expect((await badge()).json.status).toBe("unverified");
    for (const job of ["partitions", "checkpoints", "verify", "retention"] as const) await runAuditJob(db(), job);
    const ok = await badge();
    expect(ok.json).toMatchObject({ status: "verified", lastCheckpoint: { serverSeq: expect.any(Number) } });
    await t.db.prisma
      .$executeRaw`DELETE FROM "AuditEvent" WHERE "orgId" = ${s.org.orgId}::uuid AND "command" = 'ask-nix enable nginx'`;
    const v = await call(verifyRoute.POST, "POST", "/api/v1/audit/verify", { token: s.token });
    expect(v.json.ok).toBe(false);
    // The deleted event is the last of its device's lane, behind a signed checkpoint: "truncated"
    // (it would be "row_deleted" with rows after it); either way the badge says rows were deleted.
    expect((await badge()).json).toMatchObject({
      status: "broken",
      lastVerification: {
        problem: expect.stringMatching(/^(row_deleted|truncated)$/),
        message: expect.stringMatching(/deleted/),
      },
    });
  });
});
