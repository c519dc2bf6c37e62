/**
 * Approvals end to end: a real agent process asks (CLI and socket API), admins decide over the
 * admin API, the waiting agent gets the answer as its exit code, and every step is an audit event
 * linked to the request id.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { encryptSecret } from "@luminous/crypto";
import { defaultApprovals, WEEKDAYS } from "@luminous/policy";
import { agentSocketRequest } from "@luminous/testkit/agent-socket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decision from "@/app/api/v1/approvals/[id]/decision/route";
import * as detail from "@/app/api/v1/approvals/[id]/route";
import * as list from "@/app/api/v1/approvals/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import { totpAad } from "@/server/auth/second-factor";
import { newTotpSecret, totpAt } from "@/server/auth/totp";
import { masterKey } from "@/server/env";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";
import { AGENT, buildAgent, enrollAgent, orgApprovalPolicy, runAgent, startApprovalConsole } from "./approval-agent";

const t = setupTestDatabase();
let org: TestOrg;
let c: Awaited<ReturnType<typeof startApprovalConsole>>;
let stateDir: string;
let deviceId: string;
let setApprovals: Awaited<ReturnType<typeof orgApprovalPolicy>>;

const request = (...args: string[]) => runAgent(["request", "--state-dir", stateDir, ...args]);

async function pendingFor(user: string, action: string) {
  for (let i = 0; i < 200; i++) {
    const r = await call(list.GET, "GET", `/api/v1/approvals?status=pending&user=${user}&action=${action}`, {
      token: org.users.admin.token,
    });
    expect(r.status).toBe(200);
    if (r.json.items.length > 0) return r.json.items[0];
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no pending request for ${user} ${action}`);
}

const decide = (as: keyof TestOrg["users"], id: string, body: Record<string, unknown>) =>
  call(decision.POST, "POST", `/api/v1/approvals/${id}/decision`, { token: org.users[as].token, body, params: { id } });

const events = (requestId: string) =>
  t.db.prisma.auditEvent.findMany({
    where: { orgId: org.orgId, targetType: "approval_request", targetId: requestId },
    orderBy: [{ ts: "asc" }, { serverSeq: "asc" }],
  });

async function joinGroup(user: keyof TestOrg["users"], name: string) {
  const g = await t.db.prisma.group.upsert({
    where: { orgId_name: { orgId: org.orgId, name } },
    create: { orgId: org.orgId, name },
    update: {},
  });
  await t.db.prisma.membership.create({ data: { orgId: org.orgId, groupId: g.id, userId: org.users[user].id } });
}

beforeAll(async () => {
  buildAgent();
  org = await makeOrg("approvals");
  setApprovals = await orgApprovalPolicy(org.orgId);
  await setApprovals(defaultApprovals());
  c = await startApprovalConsole();
  ({ stateDir, deviceId } = await enrollAgent(org.orgId, c, "ws-approvals"));
}, 120_000);

let daemon: ChildProcess | undefined;

afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await c?.api.close();
});

describe("an agent asks, an admin approves over the API, the agent proceeds", () => {
  it("opens the request with everything the approver needs, waits, and exits 0 when approved", async () => {
    const waiting = request(
      "--action",
      "system_upgrade",
      "--user",
      "alice",
      "--sentence",
      "upgrade my system please",
      "--command",
      "nixos-rebuild switch --upgrade",
      "--reason",
      "security patches",
      "--timeout",
      "60",
    );
    const pending = await pendingFor("alice", "system_upgrade");
    expect(pending).toMatchObject({
      status: "pending",
      kind: "require_approval",
      deviceId,
      hostname: expect.any(String),
      user: "alice",
      sentence: "upgrade my system please",
      command: "nixos-rebuild switch --upgrade",
      action: "system_upgrade",
      rule: "commands.require_approval",
      reason: "security patches",
      policyVersion: expect.any(Number),
    });
    // everyone who may decide it is told in the console; the others are not
    const told = await t.db.prisma.notice.findMany({
      where: { orgId: org.orgId, kind: "approval.requested", body: { contains: pending.id } },
      select: { userId: true, title: true },
    });
    expect(told.map((n) => n.userId).sort()).toEqual(
      [org.users.owner.id, org.users.admin.id, org.users.security_admin.id].sort(),
    );
    expect(told[0]!.title).toBe("Approval requested: system_upgrade");
    const d = await decide("admin", pending.id, { verdict: "approve" });
    expect(d.status, JSON.stringify(d.json)).toBe(200);
    expect(d.json).toMatchObject({ status: "approved", validUntil: expect.any(String) });

    const done = await waiting;
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(done.stdout).toContain(`approved by ${org.users.admin.email} (approvers)`);

    // its use is reported back and closes the record; a second use is refused
    const used = await runAgent([
      "report-use",
      "--state-dir",
      stateDir,
      "--request",
      pending.id,
      "--success",
      "--command",
      "nixos-rebuild switch --upgrade",
    ]);
    expect(used.code, used.stdout + used.stderr).toBe(0);
    const again = await runAgent(["report-use", "--state-dir", stateDir, "--request", pending.id, "--success"]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain("already used");

    const shown = await call(detail.GET, "GET", `/api/v1/approvals/${pending.id}`, {
      token: org.users.auditor.token,
      params: { id: pending.id },
    });
    expect(shown.status).toBe(200);
    expect(shown.json.use).toMatchObject({ success: true, executedCommand: "nixos-rebuild switch --upgrade" });
    expect(shown.json.decisions).toEqual([
      expect.objectContaining({ by: org.users.admin.email, level: "approvers", verdict: "approve" }),
    ]);

    const trail = await events(pending.id);
    expect(trail.map((e) => [e.action, e.outcome])).toEqual([
      ["approval.request", "success"],
      ["approval.approve", "success"],
      ["approval.grant", "success"],
      ["approval.use", "success"],
      ["approval.use", "denied"],
    ]);
    expect(trail[1]!.actorId).toBe(org.users.admin.id);
    expect(trail[0]!.actorType).toBe("device");
    expect((trail[1]!.data as { level: string }).level).toBe("approvers");
  }, 120_000);

  it("a used approval does not cover the same action again: a new request is opened", async () => {
    const r = await request(
      "--action",
      "system_upgrade",
      "--user",
      "alice",
      "--command",
      "nixos-rebuild switch --upgrade",
      "--timeout",
      "0",
    );
    expect(r.code, r.stdout).toBe(7);
    expect(r.stdout).toMatch(/no decision within 0s: not approved/);
    const open = await t.db.prisma.approvalRequest.count({
      where: { orgId: org.orgId, localUser: "alice", status: "pending" },
    });
    expect(open).toBe(1);
  });

  it("auditors and helpdesk may not decide", async () => {
    const p = await pendingFor("alice", "system_upgrade");
    expect((await decide("auditor", p.id, { verdict: "approve" })).status).toBe(403);
    expect((await decide("helpdesk", p.id, { verdict: "approve" })).status).toBe(403);
    expect((await call(list.GET, "GET", "/api/v1/approvals", { token: org.users.viewer.token })).status).toBe(403);
  });
});

describe("deciding by the policy's rules", () => {
  it("two levels must both approve (AND), and one deny wins over approvals", async () => {
    await joinGroup("security_admin", "Security");
    await joinGroup("admin", "Platform");
    await setApprovals({
      ...defaultApprovals(),
      levels: [
        { name: "security", permission: "approval.decide", group: "Security", min_approvals: 1 },
        { name: "team", permission: "approval.decide", group: "Platform", min_approvals: 1 },
      ],
    });
    const waiting = request("--action", "remove_package", "--package", "firefox", "--user", "bob", "--timeout", "60");
    const p = await pendingFor("bob", "remove_package");
    const first = await decide("security_admin", p.id, { verdict: "approve" });
    expect(first.json.status).toBe("pending"); // one level is not enough
    expect((await decide("security_admin", p.id, { verdict: "approve" })).status).toBe(409); // once per person
    const second = await decide("admin", p.id, { verdict: "approve" });
    expect(second.json.status).toBe("approved");
    expect(second.json.decisions.map((d: { level: string }) => d.level)).toEqual(["security", "team"]);
    const done = await waiting;
    expect(done.code, done.stdout).toBe(0);

    const waiting2 = request("--action", "remove_package", "--package", "vim", "--user", "bob", "--timeout", "60");
    const p2 = await pendingFor("bob", "remove_package");
    expect((await decide("security_admin", p2.id, { verdict: "approve" })).json.status).toBe("pending");
    const noReason = await decide("admin", p2.id, { verdict: "deny" });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error.fields).toEqual([{ path: "reason", message: "a reason is required to deny" }]);
    const denied = await decide("admin", p2.id, { verdict: "deny", reason: "vim is needed by the build" });
    expect(denied.json.status).toBe("denied");
    const done2 = await waiting2;
    expect(done2.code).toBe(1);
    expect(done2.stdout).toContain("denied: vim is needed by the build");
    expect((await events(p2.id)).map((e) => e.action)).toEqual([
      "approval.request",
      "approval.approve",
      "approval.deny",
    ]);
    // a decided request stays decided
    expect((await decide("owner", p2.id, { verdict: "approve" })).status).toBe(409);
  }, 120_000);

  it("the requester never approves their own request (refused and recorded)", async () => {
    await setApprovals(defaultApprovals());
    // the console user admin@... is the workstation user "admin"
    await request("--action", "system_upgrade", "--user", "admin", "--timeout", "0");
    const p = await pendingFor("admin", "system_upgrade");
    const r = await decide("admin", p.id, { verdict: "approve" });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toBe("You cannot decide your own request");
    const refused = (await events(p.id)).find((e) => e.outcome === "denied");
    expect(refused).toMatchObject({ action: "approval.approve", actorId: org.users.admin.id });
    expect((refused!.data as { reason: string }).reason).toBe("self_approval");
    expect((await decide("owner", p.id, { verdict: "approve" })).json.status).toBe("approved");
  });

  it("approvers may decide only within their time window, in its time zone", async () => {
    const now = new Date();
    const today = WEEKDAYS[(now.getUTCDay() + 6) % 7]!;
    const otherDays = WEEKDAYS.filter((d) => d !== today);
    const onCall = (days: (typeof WEEKDAYS)[number][]) =>
      setApprovals({
        ...defaultApprovals(),
        levels: [
          {
            name: "on-call",
            permission: "approval.decide",
            min_approvals: 1,
            time_window: { time_zone: "UTC", days, start: "00:00", end: "00:00" },
          },
        ],
      });
    await onCall(otherDays);
    await request("--action", "system_upgrade", "--user", "carol", "--timeout", "0");
    const p = await pendingFor("carol", "system_upgrade");
    const r = await decide("owner", p.id, { verdict: "approve" });
    expect(r.status).toBe(403);
    expect(r.json.error.message).toMatch(/only within your approval window/);
    expect((await events(p.id)).at(-1)).toMatchObject({ action: "approval.approve", outcome: "denied" });

    // the rules in force when asked apply: a later policy change does not reopen the window
    await onCall([today]);
    expect((await decide("owner", p.id, { verdict: "approve" })).status).toBe(403);
    await request("--action", "system_upgrade", "--user", "carol", "--package", "x", "--timeout", "0");
    const p2 = await t.db.prisma.approvalRequest.findFirstOrThrow({
      where: { orgId: org.orgId, localUser: "carol", packages: { has: "x" } },
    });
    expect((await decide("owner", p2.id, { verdict: "approve" })).json.status).toBe("approved");
    await setApprovals(defaultApprovals());
  });

  it("a request nobody decides expires: the waiting agent exits 6, the record is kept", async () => {
    const waiting = request("--action", "system_upgrade", "--user", "dave", "--timeout", "60");
    const p = await pendingFor("dave", "system_upgrade");
    await t.db.prisma.approvalRequest.update({ where: { id: p.id }, data: { expiresAt: new Date(Date.now() + 1500) } });
    const done = await waiting;
    expect(done.code, done.stdout).toBe(6);
    expect(done.stdout).toContain(`expired: nobody decided request ${p.id}`);
    expect((await decide("owner", p.id, { verdict: "approve" })).status).toBe(409);
    const expired = await call(list.GET, "GET", "/api/v1/approvals?status=expired&user=dave", {
      token: org.users.auditor.token,
    });
    expect(expired.json.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
    expect((await events(p.id)).map((e) => e.action)).toEqual(["approval.request", "approval.expire"]);
  }, 60_000);
});

describe("require_mfa: the approver confirms with a fresh TOTP code", () => {
  it("refuses a missing, wrong or stale code and records which factor approved", async () => {
    await request("--action", "modify_firewall", "--user", "erin", "--timeout", "0");
    const p = await pendingFor("erin", "modify_firewall");
    expect(p.kind).toBe("require_mfa");
    const noFactor = await decide("security_admin", p.id, { verdict: "approve", code: "123456" });
    expect(noFactor.status).toBe(403);
    expect(noFactor.json.error.message).toMatch(/set up TOTP/);

    const secret = newTotpSecret();
    const user = org.users.security_admin;
    await t.db.prisma.user.update({
      where: { id: user.id },
      data: { totpSecretEnc: encryptSecret(masterKey(), secret, totpAad(user.id)), totpEnabledAt: new Date() },
    });
    const missing = await decide("security_admin", p.id, { verdict: "approve" });
    expect(missing.status).toBe(422);
    expect(missing.json.error.fields[0].path).toBe("code");
    const wrong = await decide("security_admin", p.id, {
      verdict: "approve",
      code: totpAt(secret, Date.now() + 300_000),
    });
    expect(wrong.status).toBe(403);
    const stale = await decide("security_admin", p.id, {
      verdict: "approve",
      code: totpAt(secret, Date.now() - 120_000),
    });
    expect(stale.status).toBe(403);
    expect(stale.json.error.message).toBe("The second-factor code is wrong or expired");
    const code = totpAt(secret, Date.now());
    const ok = await decide("security_admin", p.id, { verdict: "approve", code });
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.decisions[0]).toMatchObject({ mfaFactor: "totp", mfaAt: expect.any(String) });
    const reasons = (await events(p.id))
      .filter((e) => e.outcome === "denied")
      .map((e) => (e.data as { reason: string }).reason);
    expect(reasons).toEqual(["no_second_factor", "invalid_second_factor", "invalid_second_factor"]);

    // the same code cannot approve a second request: each approval needs a fresh one
    await request("--action", "modify_firewall", "--user", "erin", "--service", "sshd", "--timeout", "0");
    const p2 = await t.db.prisma.approvalRequest.findFirstOrThrow({
      where: { orgId: org.orgId, localUser: "erin", services: { has: "sshd" } },
    });
    const replay = await decide("security_admin", p2.id, { verdict: "approve", code });
    expect(replay.status).toBe(403);
    expect(replay.json.error.message).toMatch(/already used/);
    expect((await events(p2.id)).at(-1)).toMatchObject({ action: "approval.approve", outcome: "denied" });
    expect(((await events(p2.id)).at(-1)!.data as { reason: string }).reason).toBe("second_factor_reused");
  });
});

describe("offline", () => {
  it("fails closed with a clear message when the console cannot be reached", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const offline = path.join(c.work, "offline");
    cpSync(stateDir, offline, { recursive: true });
    const cfgFile = path.join(offline, "config.json");
    const cfg = JSON.parse(readFileSync(cfgFile, "utf8"));
    writeFileSync(cfgFile, JSON.stringify({ ...cfg, server: `https://127.0.0.1:${port}` }));
    const r = await runAgent(["request", "--state-dir", offline, "--action", "system_upgrade", "--user", "frank"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`denied: cannot reach the console at https://127.0.0.1:${port}`);
    expect(r.stdout).toContain("fail closed");
    // an allowed action needs no console
    const allowed = await runAgent(["request", "--state-dir", offline, "--action", "show_info", "--user", "frank"]);
    expect(allowed.code).toBe(0);
  });
});

describe("OpenAPI", () => {
  it("documents the approval endpoints with the decision body", async () => {
    const doc = await (await openapi.GET()).json();
    const body = doc.paths["/api/v1/approvals/{id}/decision"].post.requestBody.content["application/json"].schema;
    expect(body.properties.verdict.enum).toEqual(["approve", "deny"]);
    expect(doc.paths["/api/v1/approvals"].get).toBeDefined();
  });
});

describe("ask-nix through the agent's socket API", () => {
  it("POST /v1/approvals waits for the decision; POST /v1/approvals/use reports the use", async () => {
    daemon = spawn(process.execPath, [AGENT, "run", "--state-dir", stateDir, "--interval", "30"], { stdio: "ignore" });
    const socket = path.join(stateDir, "agent.sock");
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    const bad = await agentSocketRequest(socket, "POST", "/v1/approvals", { action: "system_upgrade" });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('"path":"user"');

    const asked = agentSocketRequest(socket, "POST", "/v1/approvals", {
      action: "system_upgrade",
      user: "grace",
      sentence: "update everything",
      command: "nixos-rebuild switch --upgrade",
      timeoutSeconds: 60,
    });
    const p = await pendingFor("grace", "system_upgrade");
    expect(p.sentence).toBe("update everything");
    expect((await decide("owner", p.id, { verdict: "approve" })).status).toBe(200);
    const answer = await asked;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ outcome: "approved", exitCode: 0, request: { id: p.id, status: "approved" } });

    const use = await agentSocketRequest(socket, "POST", "/v1/approvals/use", {
      id: p.id,
      success: false,
      detail: "build failed",
    });
    expect(use.status).toBe(200);
    const row = await t.db.prisma.approvalRequest.findUniqueOrThrow({ where: { id: p.id } });
    expect(row).toMatchObject({
      useSuccess: false,
      useDetail: "build failed",
      executedCommand: "nixos-rebuild switch --upgrade",
    });
    expect((await events(p.id)).at(-1)).toMatchObject({ action: "approval.use", outcome: "failure" });
    const again = await agentSocketRequest(socket, "POST", "/v1/approvals/use", { id: p.id, success: true });
    expect(again.status).toBe(409);

    const allowed = await agentSocketRequest(socket, "POST", "/v1/approvals", { action: "show_info", user: "grace" });
    expect(allowed.body).toMatchObject({ outcome: "allow", exitCode: 0 });
    daemon.kill("SIGTERM");
  }, 60_000);
});
