/**
 * Policies through the admin API: versions are immutable, publishing is audited and bumps the
 * org's policy generation, diffs are field level, assignments are scoped, and the simulator
 * answers from a device's or group's effective policy.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as assignment from "@/app/api/v1/policies/[id]/assignments/[assignmentId]/route";
import * as assignments from "@/app/api/v1/policies/[id]/assignments/route";
import * as diff from "@/app/api/v1/policies/[id]/diff/route";
import * as policy from "@/app/api/v1/policies/[id]/route";
import * as publish from "@/app/api/v1/policies/[id]/versions/[number]/publish/route";
import * as version from "@/app/api/v1/policies/[id]/versions/[number]/route";
import * as versions from "@/app/api/v1/policies/[id]/versions/route";
import * as policies from "@/app/api/v1/policies/route";
import * as simulate from "@/app/api/v1/policies/simulate/route";
import * as validate from "@/app/api/v1/policies/validate/route";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";

const t = setupTestDatabase();
let org: TestOrg;
let other: TestOrg;
let owner: string;
let groupId: string;
let otherGroupId: string;
let deviceId: string;
let loneDeviceId: string;

const generation = async (orgId = org.orgId) =>
  (await t.db.prisma.org.findUniqueOrThrow({ where: { id: orgId } })).policyGeneration;

async function create(name: string, source: string, lockedPaths: string[] = []) {
  const r = await call(policies.POST, "POST", "/api/v1/policies", {
    token: owner,
    body: { name, source, note: "first cut", lockedPaths },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.id as string;
}
async function save(id: string, source: string, note = "change", lockedPaths: string[] = []) {
  return call(versions.POST, "POST", `/api/v1/policies/${id}/versions`, {
    token: owner,
    params: { id },
    body: { source, note, lockedPaths },
  });
}
async function pub(id: string, number: number, token = owner) {
  return call(publish.POST, "POST", `/api/v1/policies/${id}/versions/${number}/publish`, {
    token,
    params: { id, number: String(number) },
  });
}
async function assign(id: string, body: object) {
  return call(assignments.POST, "POST", `/api/v1/policies/${id}/assignments`, { token: owner, params: { id }, body });
}
async function sim(target: object, body: object) {
  const r = await call(simulate.POST, "POST", "/api/v1/policies/simulate", { token: owner, body: { target, ...body } });
  expect(r.status, JSON.stringify(r.json)).toBe(200);
  return r.json;
}

beforeAll(async () => {
  org = await makeOrg("pol");
  other = await makeOrg("pol-other");
  owner = org.users.owner.token;
  groupId = (await t.db.prisma.group.create({ data: { orgId: org.orgId, name: "developers" } })).id;
  otherGroupId = (await t.db.prisma.group.create({ data: { orgId: org.orgId, name: "finance" } })).id;
  const dev = (hostname: string, g: string | null) =>
    t.db.prisma.device.create({
      data: { orgId: org.orgId, hostname, machineId: hostname, publicKey: "k", groupId: g },
    });
  deviceId = (await dev("dev-ws-1", groupId)).id;
  loneDeviceId = (await dev("fin-ws-1", otherGroupId)).id;
});

describe("policy versions", () => {
  let id: string;

  it("creates a policy whose first version is a draft; bad YAML is refused with its line", async () => {
    const bad = await call(policies.POST, "POST", "/api/v1/policies", {
      token: owner,
      body: { name: "Broken", source: "commands:\n  mode: sometimes\n", note: "x" },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields[0]).toMatchObject({ path: "source" });
    expect(bad.json.error.fields[0].message).toMatch(/^line 2:\d+: commands\.mode: /);

    const noNote = await call(policies.POST, "POST", "/api/v1/policies", {
      token: owner,
      body: { name: "No note", source: "safety:\n  dry_run_default: true\n", note: "  " },
    });
    expect(noNote.status).toBe(422);
    expect(noNote.json.error.fields.map((f: { path: string }) => f.path)).toEqual(["note"]);

    id = await create("Baseline", "commands:\n  blacklist: [format_disk]\n");
    const got = await call(policy.GET, "GET", `/api/v1/policies/${id}`, { token: owner, params: { id } });
    expect(got.json).toMatchObject({ name: "Baseline", latestVersion: 1, publishedVersion: null });
    expect(got.json.versions[0]).toMatchObject({
      number: 1,
      note: "first cut",
      author: org.users.owner.email,
      publishedAt: null,
    });

    const dup = await call(policies.POST, "POST", "/api/v1/policies", {
      token: owner,
      body: { name: "Baseline", source: "safety: {}\n", note: "again" },
    });
    expect(dup.status).toBe(409);
    expect(dup.json.error.fields[0].path).toBe("name");
  });

  it("saves edits as new versions and never changes an old one", async () => {
    const v1Before = await t.db.prisma.policyVersion.findFirstOrThrow({ where: { policyId: id, number: 1 } });
    const r = await save(
      id,
      "commands:\n  blacklist: [format_disk, delete_files]\npackages:\n  deny: ['docker*']\n",
      "block deletes and docker",
      ["commands.blacklist"],
    );
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.json).toMatchObject({ number: 2, note: "block deletes and docker", lockedPaths: ["commands.blacklist"] });
    const v1After = await t.db.prisma.policyVersion.findFirstOrThrow({ where: { policyId: id, number: 1 } });
    expect(v1After).toEqual(v1Before);

    const same = await save(
      id,
      "commands:\n  blacklist: [format_disk, delete_files]\npackages:\n  deny: ['docker*']\n",
      "again",
      ["commands.blacklist"],
    );
    expect(same.status).toBe(422);
    expect(same.json.error.fields[0].message).toContain("Identical to version 2");

    const badLock = await save(id, "safety: {dry_run_default: true}\n", "lock", ["commands.nonsense"]);
    expect(badLock.status).toBe(422);
    expect(badLock.json.error.fields[0].path).toBe("lockedPaths.0");

    const v = await call(version.GET, "GET", `/api/v1/policies/${id}/versions/1`, {
      token: owner,
      params: { id, number: "1" },
    });
    expect(v.json.source).toBe("commands:\n  blacklist: [format_disk]\n");
    expect(v.json.document).toEqual({ commands: { blacklist: ["format_disk"] } });
  });

  it("diffs any two versions field by field, locks apart", async () => {
    const r = await call(diff.GET, "GET", `/api/v1/policies/${id}/diff?from=1&to=2`, { token: owner, params: { id } });
    expect(r.status).toBe(200);
    expect(r.json.changes).toEqual([
      { path: "commands.blacklist", before: ["format_disk"], after: ["format_disk", "delete_files"], kind: "changed" },
      { path: "packages", before: null, after: { deny: ["docker*"] }, kind: "added" },
    ]);
    expect(r.json.locks).toEqual({ added: ["commands.blacklist"], removed: [] });
    const back = await call(diff.GET, "GET", `/api/v1/policies/${id}/diff?from=2&to=1`, {
      token: owner,
      params: { id },
    });
    expect(back.json.changes[1]).toMatchObject({ path: "packages", kind: "removed" });
    const missing = await call(diff.GET, "GET", `/api/v1/policies/${id}/diff?from=1&to=9`, {
      token: owner,
      params: { id },
    });
    expect(missing.status).toBe(404);
  });

  it("publishing is audited, bumps the policy generation, refuses going backwards and is idempotent", async () => {
    const g0 = await generation();
    const r = await pub(id, 2);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json).toMatchObject({ number: 2, publishedBy: org.users.owner.email });
    expect(await generation()).toBe(g0 + 1);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "policy.publish", targetId: id },
    });
    expect(ev).toMatchObject({ outcome: "success", actorId: org.users.owner.id });
    expect(ev.before).toEqual({ publishedVersion: null, contentHash: null });
    expect(ev.after).toMatchObject({ publishedVersion: 2, lockedPaths: ["commands.blacklist"] });

    expect((await pub(id, 1)).status).toBe(409);
    const again = await pub(id, 2);
    expect(again.status).toBe(200);
    expect(await generation()).toBe(g0 + 1);

    // An auditor may read but not publish; the refusal is audited by the guard.
    const denied = await pub(id, 2, org.users.auditor.token);
    expect(denied.status).toBe(403);
  });

  it("validates source without saving, with paths and lines", async () => {
    const r = await call(validate.POST, "POST", "/api/v1/policies/validate", {
      token: org.users.viewer.token,
      body: { source: "mfa:\n  timeout_seconds: 5\n  method: sms\n" },
    });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(false);
    expect(r.json.errors.map((e: { path: string; line: number }) => [e.path, e.line])).toEqual([
      ["mfa.timeout_seconds", 2],
      ["mfa.method", 3],
    ]);
    const ok = await call(validate.POST, "POST", "/api/v1/policies/validate", {
      token: owner,
      body: { source: '{"voice": {"enabled": true}}' },
    });
    expect(ok.json).toMatchObject({ ok: true, document: { voice: { enabled: true } } });
    expect(ok.json.standalone.voice.wake_word).toBe("hey nix");
  });
});

describe("assignment and the simulator", () => {
  let baseline: string;
  let devs: string;

  beforeAll(async () => {
    baseline = await create(
      "Org baseline",
      "commands:\n  mode: blacklist\n  blacklist: [delete_files]\n  require_approval: [system_upgrade]\nmfa:\n  operations: [add_user]\n",
      ["commands.blacklist"],
    );
    devs = await create("Developers", "commands:\n  blacklist: []\npackages:\n  deny: ['docker*']\n");
    expect((await pub(baseline, 1)).status).toBe(200);
    expect((await pub(devs, 1)).status).toBe(200);
  });

  it("assigns to the org, a group and a device, each once, bumping the generation", async () => {
    const g0 = await generation();
    const a = await assign(baseline, { scope: "org" });
    expect(a.status).toBe(201);
    expect(a.json.target.label).toBe("Whole organisation");
    expect((await assign(baseline, { scope: "org" })).status).toBe(200);
    const g = await assign(devs, { scope: "group", groupId });
    expect(g.status).toBe(201);
    expect(g.json.target).toEqual({ id: groupId, label: "developers" });
    expect(await generation()).toBe(g0 + 2);

    const foreignGroup = (await t.db.prisma.group.create({ data: { orgId: other.orgId, name: "theirs" } })).id;
    const cross = await assign(devs, { scope: "group", groupId: foreignGroup });
    expect(cross.status).toBe(422);
    expect(cross.json.error.fields[0].path).toBe("groupId");
    const ev = await t.db.prisma.auditEvent.findFirst({
      where: { orgId: org.orgId, action: "policy.assign", targetId: devs },
    });
    expect(ev?.after).toMatchObject({ scope: "group", target: "developers" });
  });

  it("decides from the effective policy of the chosen device or group", async () => {
    // Blacklisted at the org and locked: the developers' empty blacklist cannot lift it.
    const del = await sim({ type: "device", id: deviceId }, { text: "rm -rf /tmp/cache by alice" });
    expect(del).toMatchObject({
      decision: "deny",
      rule: "commands.blacklist",
      request: { action: "delete_files", user: "alice" },
    });
    expect(del.sources).toEqual(["org:Org baseline@1", "group:Developers@1"]);
    expect(del.rejected[0]).toMatchObject({ path: "commands.blacklist" });

    // The developers' package deny applies to their devices, not to finance's.
    expect(await sim({ type: "device", id: deviceId }, { text: "install docker by alice" })).toMatchObject({
      decision: "deny",
      rule: "packages.deny:docker*",
    });
    expect(await sim({ type: "device", id: loneDeviceId }, { text: "install docker by alice" })).toMatchObject({
      decision: "allow",
      rule: "default.allow",
    });
    expect(
      await sim({ type: "group", id: groupId }, { action: "install_package", packages: ["docker-compose"] }),
    ).toMatchObject({
      decision: "deny",
    });
    expect(await sim({ type: "org" }, { text: "upgrade the system" })).toMatchObject({
      decision: "require_approval",
      rule: "commands.require_approval",
    });
    expect(await sim({ type: "group", id: otherGroupId }, { text: "add user bob" })).toMatchObject({
      decision: "require_mfa",
      rule: "mfa.operations",
    });

    const nonsense = await call(simulate.POST, "POST", "/api/v1/policies/simulate", {
      token: owner,
      body: { target: { type: "org" }, text: "make me a sandwich" },
    });
    expect(nonsense.status).toBe(422);
    expect(nonsense.json.error.fields[0].path).toBe("text");
  });

  it("a device-scoped assignment reaches that device only; unassigning takes it away", async () => {
    const lock = await create("Lockdown fin-ws-1", "commands:\n  blacklist: [delete_files, install_package]\n");
    await pub(lock, 1);
    const a = await assign(lock, { scope: "device", deviceId: loneDeviceId });
    expect(a.status).toBe(201);
    expect((await sim({ type: "device", id: loneDeviceId }, { text: "install vim" })).decision).toBe("deny");
    expect((await sim({ type: "group", id: otherGroupId }, { text: "install vim" })).decision).toBe("allow");

    const g0 = await generation();
    const del = await call(assignment.DELETE, "DELETE", `/api/v1/policies/${lock}/assignments/${a.json.id}`, {
      token: owner,
      params: { id: lock, assignmentId: a.json.id },
    });
    expect(del.status).toBe(204);
    expect(await generation()).toBe(g0 + 1);
    expect((await sim({ type: "device", id: loneDeviceId }, { text: "install vim" })).decision).toBe("allow");
    expect(await t.db.prisma.auditEvent.count({ where: { orgId: org.orgId, action: "policy.unassign" } })).toBe(1);
  });

  it("another org's ids are not found", async () => {
    const theirs = other.users.owner.token;
    const p = { id: baseline };
    expect((await call(policy.GET, "GET", `/api/v1/policies/${baseline}`, { token: theirs, params: p })).status).toBe(
      404,
    );
    expect(
      (
        await call(publish.POST, "POST", `/api/v1/policies/${baseline}/versions/1/publish`, {
          token: theirs,
          params: { ...p, number: "1" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(assignments.POST, "POST", `/api/v1/policies/${baseline}/assignments`, {
          token: theirs,
          params: p,
          body: { scope: "org" },
        })
      ).status,
    ).toBe(404);
    const sims = await call(simulate.POST, "POST", "/api/v1/policies/simulate", {
      token: theirs,
      body: { target: { type: "device", id: deviceId }, text: "install vim" },
    });
    expect(sims.status).toBe(404);
    const list = await call(policies.GET, "GET", "/api/v1/policies", { token: theirs });
    expect(list.json.items).toEqual([]);
  });

  it("lists policies with their published version and where they apply", async () => {
    const r = await call(policies.GET, "GET", "/api/v1/policies?q=baseline", { token: org.users.viewer.token });
    expect(r.status).toBe(200);
    expect(r.json.items.map((p: { name: string }) => p.name)).toEqual(["Baseline", "Org baseline"]);
    expect(r.json.items[1]).toMatchObject({
      latestVersion: 1,
      publishedVersion: 1,
      assignments: { org: true, groups: 0, devices: 0 },
    });
  });

  it("documents every endpoint in the OpenAPI document", async () => {
    const r = await call(async () => openapi.GET(), "GET", "/api/v1/openapi.json", { token: owner });
    const paths = Object.keys(r.json.paths);
    for (const p of [
      "/api/v1/policies",
      "/api/v1/policies/{id}/versions/{number}/publish",
      "/api/v1/policies/simulate",
      "/api/v1/enrollment-tokens",
      "/api/v1/devices/{id}/revoke",
      "/api/v1/signing-keys/rotate",
    ])
      expect(paths).toContain(p);
  });
});
