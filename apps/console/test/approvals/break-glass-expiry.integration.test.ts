/**
 * Break-glass, offline behaviour and the expiry job with a real agent process: an emergency action
 * the policy lists proceeds at once and opens a review a person closes; offline it proceeds with its
 * reason spooled and reported when the console is back, while everything else fails closed; the
 * worker process expires what nobody decided, once, whoever else sees it first.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { defaultApprovals } from "@luminous/policy";
import { agentSocketRequest } from "@luminous/testkit/agent-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/approvals/[id]/decision/route";
import * as review from "@/app/api/v1/approvals/[id]/review/route";
import * as list from "@/app/api/v1/approvals/route";
import { countDecidableApprovals } from "@/server/approvals/count-decidable-approvals";
import { expireApprovalRequests } from "@/server/approvals/expire-approval-requests";
import { runApprovalExpiry } from "@/server/approvals/run-approval-expiry";
import { freePort } from "../agent-api-process";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";
import { AGENT, buildAgent, enrollAgent, orgApprovalPolicy, runAgent, startApprovalConsole } from "./approval-agent";

const t = setupTestDatabase();
const root = path.resolve(import.meta.dirname, "../../../..");
let org: TestOrg;
let c: Awaited<ReturnType<typeof startApprovalConsole>>;
let stateDir: string;
let setApprovals: Awaited<ReturnType<typeof orgApprovalPolicy>>;
const breakGlassRules = { ...defaultApprovals(), break_glass: ["system_upgrade" as const] };

const request = (dir: string, ...args: string[]) => runAgent(["request", "--state-dir", dir, ...args]);

const events = (requestId: string) =>
  t.db.prisma.auditEvent.findMany({
    where: { orgId: org.orgId, targetType: "approval_request", targetId: requestId },
    orderBy: [{ ts: "asc" }, { serverSeq: "asc" }],
  });

const inbox = (query: string) =>
  call(list.GET, "GET", `/api/v1/approvals?${query}`, { token: org.users.auditor.token });

const closeReview = (as: keyof TestOrg["users"], id: string, body: unknown) =>
  call(review.POST, "POST", `/api/v1/approvals/${id}/review`, { token: org.users[as].token, body, params: { id } });

/** A copy of the enrolled state dir whose console address answers nothing (the device is offline). */
async function offlineCopy(name: string): Promise<{ dir: string; online: () => void }> {
  const dir = path.join(c.work, name);
  cpSync(stateDir, dir, { recursive: true });
  const cfgFile = path.join(dir, "config.json");
  const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
  writeFileSync(cfgFile, JSON.stringify({ ...cfg, server: `https://127.0.0.1:${await freePort()}` }));
  return { dir, online: () => writeFileSync(cfgFile, JSON.stringify(cfg)) };
}

beforeAll(async () => {
  buildAgent();
  org = await makeOrg("breakglass");
  setApprovals = await orgApprovalPolicy(org.orgId);
  // Enrolled under a policy that lists system_upgrade for break-glass: the agent's signed bundle says so.
  await setApprovals(breakGlassRules);
  c = await startApprovalConsole();
  ({ stateDir } = await enrollAgent(org.orgId, c, "ws-break-glass"));
}, 120_000);

let daemon: ChildProcess | undefined;
afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await c?.api.close();
});

describe("break-glass", () => {
  it("needs a typed reason; proceeds at once, notifies every approver and opens a review a person closes", async () => {
    const noReason = await request(stateDir, "--break-glass", "--action", "system_upgrade", "--user", "alice");
    expect(noReason.code).toBe(64);
    expect(noReason.stderr).toContain("break-glass needs --reason with at least 10 characters");

    const r = await request(
      stateDir,
      "--break-glass",
      "--reason",
      "CVE-2026-1234 exploited in the wild, patching now",
      "--action",
      "system_upgrade",
      "--user",
      "alice",
      "--command",
      "nixos-rebuild switch --upgrade",
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^break-glass: proceed with system_upgrade; recorded on the console as request /);
    const row = await t.db.prisma.approvalRequest.findFirstOrThrow({ where: { orgId: org.orgId, localUser: "alice" } });
    expect(row).toMatchObject({
      status: "break_glass",
      breakGlass: true,
      reason: "CVE-2026-1234 exploited in the wild, patching now",
      command: "nixos-rebuild switch --upgrade",
      reviewClosedAt: null,
    });

    // every approver is told, with a link to the request
    const told = await t.db.prisma.notice.findMany({ where: { orgId: org.orgId, kind: "approval.break_glass" } });
    expect(told.map((n) => n.userId).sort()).toEqual(
      [org.users.owner.id, org.users.admin.id, org.users.security_admin.id].sort(),
    );
    expect(told[0]).toMatchObject({ title: "Break-glass: system_upgrade", link: `/approvals/${row.id}` });

    // the inbox's Reviews view holds it until someone closes it
    const open = await inbox("status=reviews");
    expect(open.json.items.map((i: { id: string }) => i.id)).toEqual([row.id]);
    expect(open.json.openReviews).toBe(1);
    expect((await closeReview("admin", row.id, { note: "  " })).json.error.fields[0]).toEqual({
      path: "note",
      message: "a note on the review is required",
    });
    expect((await closeReview("auditor", row.id, { note: "looked" })).status).toBe(403);
    const closed = await closeReview("security_admin", row.id, { note: "Patch was needed; ticket SEC-42" });
    expect(closed.status, JSON.stringify(closed.json)).toBe(200);
    expect(closed.json.review).toMatchObject({
      closedByLabel: org.users.security_admin.email,
      note: "Patch was needed; ticket SEC-42",
    });
    expect((await closeReview("owner", row.id, { note: "again" })).status).toBe(409);
    expect((await inbox("status=reviews")).json.items).toEqual([]);

    // what was executed closes the record, as for an approval
    const used = await runAgent(["report-use", "--state-dir", stateDir, "--request", row.id, "--success"]);
    expect(used.code, used.stdout).toBe(0);

    expect((await events(row.id)).map((e) => [e.action, e.outcome])).toEqual([
      ["approval.break_glass", "success"],
      ["approval.review.close", "success"],
      ["approval.use", "success"],
    ]);
    const [bg, closeEv] = await events(row.id);
    expect(bg!.data).toMatchObject({ reason: row.reason, offline: false, listed: true, hostname: expect.any(String) });
    expect(closeEv!.actorId).toBe(org.users.security_admin.id);
    // a break-glass record cannot be decided afterwards
    const late = await call(decision.POST, "POST", `/api/v1/approvals/${row.id}/decision`, {
      token: org.users.owner.token,
      body: { verdict: "approve" },
      params: { id: row.id },
    });
    expect(late.status).toBe(409);
  }, 60_000);

  it("an action the policy does not list for break-glass is refused by the agent and waits for approval as ever", async () => {
    const r = await request(
      stateDir,
      "--break-glass",
      "--reason",
      "need it right now please",
      "--action",
      "remove_package",
      "--package",
      "vim",
      "--user",
      "bob",
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      "denied: break-glass refused: the policy does not allow break-glass for remove_package (fail closed)\n",
    );
    expect(await t.db.prisma.approvalRequest.count({ where: { orgId: org.orgId, localUser: "bob" } })).toBe(0);
  });
});

describe("offline", () => {
  it("a break-glass action proceeds with its reason spooled and reported when back online; everything else fails closed", async () => {
    const { dir, online } = await offlineCopy("offline-bg");
    const needsApproval = await request(dir, "--action", "system_upgrade", "--user", "carol", "--timeout", "5");
    expect(needsApproval.code).toBe(1);
    expect(needsApproval.stdout).toMatch(/^denied: cannot reach the console at .*fail closed/);
    const mfa = await request(dir, "--action", "modify_firewall", "--user", "carol", "--timeout", "5");
    expect(mfa.code).toBe(1);
    const unlisted = await request(
      dir,
      "--break-glass",
      "--reason",
      "firewall blocks the fix",
      "--action",
      "modify_firewall",
      "--user",
      "carol",
    );
    expect(unlisted.code).toBe(1);
    expect(unlisted.stdout).toContain("the policy does not allow break-glass for modify_firewall");

    const bg = await request(
      dir,
      "--break-glass",
      "--reason",
      "datacenter link down, must patch",
      "--action",
      "system_upgrade",
      "--user",
      "carol",
    );
    expect(bg.code, bg.stdout + bg.stderr).toBe(0);
    expect(bg.stdout).toMatch(
      /^break-glass: proceed with system_upgrade; cannot reach the console .*the reason is spooled as ([0-9a-f-]{36})/,
    );
    const id = /spooled as ([0-9a-f-]{36})/.exec(bg.stdout)![1]!;
    const spooled = path.join(dir, "break-glass", `${id}.json`);
    expect(statSync(spooled).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(spooled, "utf8"))).toMatchObject({
      reason: "datacenter link down, must patch",
      offline: true,
    });
    expect(await t.db.prisma.approvalRequest.count({ where: { orgId: org.orgId, localUser: "carol" } })).toBe(0);

    // back online: the daemon's next sync reports it, once
    online();
    daemon = spawn(process.execPath, [AGENT, "run", "--state-dir", dir, "--interval", "1"], { stdio: "ignore" });
    let row = null;
    for (let i = 0; i < 150 && !row; i++) {
      row = await t.db.prisma.approvalRequest.findUnique({ where: { id } });
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({
      status: "break_glass",
      localUser: "carol",
      reason: "datacenter link down, must patch",
    });
    for (let i = 0; i < 50 && existsSync(spooled); i++) await new Promise((r) => setTimeout(r, 100));
    expect(readdirSync(path.join(dir, "break-glass"))).toEqual([]);
    daemon.kill("SIGTERM");
    const ev = await events(id);
    expect(ev.map((e) => e.action)).toEqual(["approval.break_glass"]);
    expect(ev[0]!.data).toMatchObject({ offline: true, listed: true });
    expect((await inbox("status=reviews")).json.items.map((i: { id: string }) => i.id)).toEqual([id]);
  }, 60_000);
});

describe("ask-nix through the agent's socket API", () => {
  it("POST /v1/approvals with breakGlass needs a reason and proceeds at once", async () => {
    daemon = spawn(process.execPath, [AGENT, "run", "--state-dir", stateDir, "--interval", "30"], { stdio: "ignore" });
    const socket = path.join(stateDir, "agent.sock");
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    const ask = { action: "system_upgrade", user: "judy", breakGlass: true };
    const noReason = await agentSocketRequest(socket, "POST", "/v1/approvals", ask);
    expect(noReason.status).toBe(422);
    expect(JSON.stringify(noReason.body)).toContain('"path":"reason"');
    const r = await agentSocketRequest(socket, "POST", "/v1/approvals", {
      ...ask,
      reason: "pager: disk full on build host",
    });
    expect(r.body).toMatchObject({ outcome: "break_glass", offline: false, exitCode: 0 });
    const row = await t.db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: (r.body as { id: string }).id } });
    expect(row).toMatchObject({ localUser: "judy", status: "break_glass", reason: "pager: disk full on build host" });
    daemon.kill("SIGTERM");
  }, 30_000);
});

describe("the console decides with its current policy", () => {
  it("the console refuses break-glass its current policy no longer allows (recorded); the agent fails closed", async () => {
    await setApprovals(defaultApprovals()); // the agent's cached bundle still lists system_upgrade
    const r = await request(
      stateDir,
      "--break-glass",
      "--reason",
      "urgent kernel security fix",
      "--action",
      "system_upgrade",
      "--user",
      "dave",
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^denied: break-glass refused: .*HTTP 403 The policy does not allow break-glass for system_upgrade \(fail closed\)$/m,
    );
    const refused = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "approval.break_glass", outcome: "denied" },
    });
    expect(refused.data).toMatchObject({ reason: "not_break_glass", breakGlassReason: "urgent kernel security fix" });
    await setApprovals(breakGlassRules);
  });
});

describe("expiry", () => {
  const runWorkerOnce = () =>
    new Promise<{ code: number; out: string }>((resolve) => {
      execFile(
        path.join(root, "node_modules/.bin/tsx"),
        [path.join(root, "apps/console/scripts/worker.ts"), "--once", "--sign-uncovered"],
        { env: { ...process.env }, timeout: 90_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 99) : 0, out: stdout + stderr }),
      );
    });

  it("the worker expires what nobody decided (event and requester notice once) and records unused approvals as lapsed", async () => {
    // "helpdesk" is also a console account's name: that account is the requester's side
    await request(stateDir, "--action", "system_upgrade", "--user", "helpdesk", "--package", "a", "--timeout", "0");
    await request(stateDir, "--action", "system_upgrade", "--user", "erin", "--package", "b", "--timeout", "0");
    const pending = await t.db.prisma.approvalRequest.findMany({ where: { orgId: org.orgId, status: "pending" } });
    expect(pending).toHaveLength(2);
    // the nav badge: pending requests this person may decide (not their own, not once voted)
    expect(await countDecidableApprovals(org.orgId, org.users.admin.id)).toBe(2);
    expect(await countDecidableApprovals(org.orgId, org.users.auditor.id)).toBe(0);
    const past = new Date(Date.now() - 1000);
    await t.db.prisma.approvalRequest.updateMany({
      where: { orgId: org.orgId, status: "pending" },
      data: { expiresAt: past },
    });

    // an approval nobody uses before it lapses
    await request(stateDir, "--action", "system_upgrade", "--user", "frank", "--timeout", "0");
    const unused = await t.db.prisma.approvalRequest.findFirstOrThrow({
      where: { orgId: org.orgId, localUser: "frank" },
    });
    const ok = await call(decision.POST, "POST", `/api/v1/approvals/${unused.id}/decision`, {
      token: org.users.owner.token,
      body: { verdict: "approve" },
      params: { id: unused.id },
    });
    expect(ok.json.status).toBe("approved");
    await t.db.prisma.approvalRequest.update({ where: { id: unused.id }, data: { validUntil: past } });

    const w = await runWorkerOnce();
    expect(w.code, w.out).toBe(0);
    for (const p of pending) {
      expect((await t.db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("expired");
      expect((await events(p.id)).map((e) => [e.action, e.actorType])).toEqual([
        ["approval.request", "device"],
        ["approval.expire", "system"],
      ]);
    }
    const notices = await t.db.prisma.notice.findMany({ where: { orgId: org.orgId, kind: "approval.expired" } });
    expect(notices.map((n) => n.userId)).toEqual([org.users.helpdesk.id]);
    expect(notices[0]!.title).toBe("Approval request expired: system_upgrade a");
    expect((await events(unused.id)).map((e) => e.action)).toEqual([
      "approval.request",
      "approval.approve",
      "approval.grant",
      "approval.lapse",
    ]);
    expect((await t.db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: unused.id } })).lapsedAt).not.toBeNull();

    // run again: nothing new
    expect(await runApprovalExpiry()).toEqual({ expired: 0, lapsed: 0 });
    expect((await events(unused.id)).length).toBe(4);
  }, 120_000);

  it("the job and the inbox's lazy expiry racing on the same requests record each expiry once", async () => {
    for (const u of ["gina", "hank", "ivan"]) {
      await request(stateDir, "--action", "system_upgrade", "--user", u, "--timeout", "0");
    }
    await t.db.prisma.approvalRequest.updateMany({
      where: { orgId: org.orgId, status: "pending" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const results = await Promise.all([
      runApprovalExpiry(),
      expireApprovalRequests(org.orgId),
      inbox("status=pending"),
      runApprovalExpiry(),
      expireApprovalRequests(org.orgId),
    ]);
    const counted =
      (results[0] as { expired: number }).expired +
      (results[1] as number) +
      (results[3] as { expired: number }).expired +
      (results[4] as number);
    expect(counted).toBeLessThanOrEqual(3);
    const rows = await t.db.prisma.approvalRequest.findMany({
      where: { orgId: org.orgId, localUser: { in: ["gina", "hank", "ivan"] } },
    });
    expect(rows.map((r) => r.status)).toEqual(["expired", "expired", "expired"]);
    for (const r of rows) {
      expect((await events(r.id)).filter((e) => e.action === "approval.expire")).toHaveLength(1);
    }
  }, 60_000);
});
