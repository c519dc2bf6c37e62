/**
 * Enrollment tokens, devices and signing keys through the admin API, with a real enrollment
 * through the agent API using a token made by the admin API.
 */
import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as enroll from "@/app/api/agent/v1/enroll/route";
import * as deviceEffective from "@/app/api/v1/devices/[id]/effective-policy/route";
import * as deviceRevoke from "@/app/api/v1/devices/[id]/revoke/route";
import * as device from "@/app/api/v1/devices/[id]/route";
import * as devices from "@/app/api/v1/devices/route";
import * as tokenRevoke from "@/app/api/v1/enrollment-tokens/[id]/revoke/route";
import * as tokens from "@/app/api/v1/enrollment-tokens/route";
import * as assignments from "@/app/api/v1/policies/[id]/assignments/route";
import * as publish from "@/app/api/v1/policies/[id]/versions/[number]/publish/route";
import * as policies from "@/app/api/v1/policies/route";
import * as rotate from "@/app/api/v1/signing-keys/rotate/route";
import * as signingKeys from "@/app/api/v1/signing-keys/route";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";

const t = setupTestDatabase();
let org: TestOrg;
let other: TestOrg;
let owner: string;
let groupId: string;

function rawPublicKey(): string {
  const { publicKey } = generateKeyPairSync("ed25519");
  return (publicKey.export({ format: "jwk" }) as { x: string }).x;
}

async function enrollWith(token: string, hostname: string) {
  return call(enroll.POST, "POST", "/api/agent/v1/enroll", {
    body: {
      token,
      publicKey: rawPublicKey(),
      facts: {
        hostname,
        machineId: `m-${hostname}`,
        os: "NixOS",
        osVersion: "24.11",
        nixosVersion: "24.11.710",
        agentVersion: "0.1.0",
      },
    },
    from: `198.51.100.${Math.floor(Math.random() * 200)}`,
  });
}

beforeAll(async () => {
  org = await makeOrg("dev");
  other = await makeOrg("dev-other");
  owner = org.users.owner.token;
  groupId = (await t.db.prisma.group.create({ data: { orgId: org.orgId, name: "laptops" } })).id;
});

describe("enrollment tokens", () => {
  let tokenId: string;
  let token: string;

  it("creates a token shown once with the ready-to-paste command; only its hash is stored", async () => {
    const r = await call(tokens.POST, "POST", "/api/v1/enrollment-tokens", {
      token: owner,
      body: { name: "Laptop fleet", expiresInHours: "24", maxUses: "2", groupId },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    expect(r.headers.get("cache-control")).toBe("no-store");
    token = r.json.token;
    tokenId = r.json.id;
    expect(token).toMatch(/^lnxe_[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]+$/);
    expect(r.json.command).toBe(`luminous-agent enroll --server ${PUBLIC_URL} --token ${token}`);
    expect(r.json).toMatchObject({ status: "active", uses: 0, maxUses: 2, group: { id: groupId, name: "laptops" } });

    const row = await t.db.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(JSON.stringify(row)).not.toContain(token.split(".")[0]!.slice(12));
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "enrollment_token.create" },
    });
    expect(JSON.stringify(ev, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      token.split(".")[0]!.slice(12),
    );

    const list = await call(tokens.GET, "GET", "/api/v1/enrollment-tokens", { token: owner });
    expect(list.json.items[0]).toMatchObject({ id: tokenId, name: "Laptop fleet", status: "active" });
    expect(JSON.stringify(list.json)).not.toContain(token);
  });

  it("refuses bad input naming the field", async () => {
    const r = await call(tokens.POST, "POST", "/api/v1/enrollment-tokens", {
      token: owner,
      body: { name: "", expiresInHours: 0, maxUses: -1, groupId: "nope" },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      "expiresInHours",
      "groupId",
      "maxUses",
      "name",
    ]);
    const foreign = (await t.db.prisma.group.create({ data: { orgId: other.orgId, name: "x" } })).id;
    const cross = await call(tokens.POST, "POST", "/api/v1/enrollment-tokens", {
      token: owner,
      body: { name: "cross", expiresInHours: 1, maxUses: "", groupId: foreign },
    });
    expect(cross.status).toBe(422);
    expect(cross.json.error.fields[0].path).toBe("groupId");
  });

  it("a device enrolls with it into the token's group and shows up in the devices list", async () => {
    const e = await enrollWith(token, "ws-alpha");
    expect(e.status, JSON.stringify(e.json)).toBe(201);
    const list = await call(devices.GET, "GET", "/api/v1/devices", { token: org.users.viewer.token });
    expect(list.json.items).toHaveLength(1);
    expect(list.json.items[0]).toMatchObject({
      hostname: "ws-alpha",
      nixosVersion: "24.11.710",
      agentVersion: "0.1.0",
      group: { id: groupId, name: "laptops" },
      appliedPolicyVersion: null,
      policySync: "never_synced",
    });
    const toks = await call(tokens.GET, "GET", "/api/v1/enrollment-tokens", { token: owner });
    expect(toks.json.items[0]).toMatchObject({ uses: 1, status: "active" });
  });

  it("revoking is audited and stops further enrollments", async () => {
    const r = await call(tokenRevoke.POST, "POST", `/api/v1/enrollment-tokens/${tokenId}/revoke`, {
      token: owner,
      params: { id: tokenId },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe("revoked");
    expect((await enrollWith(token, "ws-beta")).status).toBe(401);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "enrollment_token.revoke" },
    });
    expect(ev.before).toMatchObject({ status: "active", uses: 1 });
    const theirs = await call(tokenRevoke.POST, "POST", `/api/v1/enrollment-tokens/${tokenId}/revoke`, {
      token: other.users.owner.token,
      params: { id: tokenId },
    });
    expect(theirs.status).toBe(404);
  });
});

describe("devices", () => {
  const now = Date.now();
  let ids: Record<string, string>;

  beforeAll(async () => {
    const mk = async (hostname: string, lastSeenSecondsAgo: number | null, extra: object = {}) =>
      (
        await t.db.prisma.device.create({
          data: {
            orgId: org.orgId,
            hostname,
            machineId: hostname,
            publicKey: "k",
            os: "NixOS",
            nixosVersion: "24.05",
            lastSeenAt: lastSeenSecondsAgo === null ? null : new Date(now - lastSeenSecondsAgo * 1000),
            ...extra,
          },
        })
      ).id;
    ids = {
      online: await mk("ws-online", 30),
      stale: await mk("ws-stale", 600),
      offline: await mk("ws-offline", 2 * 86400),
      never: await mk("ws-never", null),
    };
    for (let i = 0; i < 30; i++) await mk(`lab-${String(i).padStart(2, "0")}`, 10);
  });

  it("derives online / stale / offline from the last check-in and filters by it", async () => {
    const r = await call(devices.GET, "GET", "/api/v1/devices?q=ws-", { token: owner });
    const by = Object.fromEntries(
      r.json.items.map((d: { hostname: string; status: string }) => [d.hostname, d.status]),
    );
    expect(by).toMatchObject({
      "ws-online": "online",
      "ws-stale": "stale",
      "ws-offline": "offline",
      "ws-never": "offline",
    });
    const stale = await call(devices.GET, "GET", "/api/v1/devices?status=stale", { token: owner });
    expect(stale.json.items.map((d: { hostname: string }) => d.hostname)).toEqual(["ws-stale"]);
    const offline = await call(devices.GET, "GET", "/api/v1/devices?status=offline", { token: owner });
    expect(offline.json.items.map((d: { hostname: string }) => d.hostname)).toEqual(["ws-never", "ws-offline"]);
  });

  it("pages and searches", async () => {
    const p1 = await call(devices.GET, "GET", "/api/v1/devices?q=lab&pageSize=25", { token: owner });
    expect(p1.json.total).toBe(30);
    expect(p1.json.items).toHaveLength(25);
    const p2 = await call(devices.GET, "GET", "/api/v1/devices?q=lab&pageSize=25&page=2", { token: owner });
    expect(p2.json.items.map((d: { hostname: string }) => d.hostname)).toEqual([
      "lab-25",
      "lab-26",
      "lab-27",
      "lab-28",
      "lab-29",
    ]);
    expect((await call(devices.GET, "GET", "/api/v1/devices", { token: other.users.owner.token })).json.total).toBe(0);
  });

  it("shows a device behind once a policy that changes it is published, and its effective policy", async () => {
    await t.db.prisma.device.update({
      where: { id: ids.online! },
      data: { appliedPolicyVersion: 1, bundleVersion: 1, bundleHash: "old", bundleGeneration: -1 },
    });
    const p = await call(policies.POST, "POST", "/api/v1/policies", {
      token: owner,
      body: { name: "No deletes", source: "commands:\n  blacklist: [delete_files]\n", note: "first" },
    });
    await call(publish.POST, "POST", "", { token: owner, params: { id: p.json.id, number: "1" } });
    await call(assignments.POST, "POST", "", {
      token: owner,
      params: { id: p.json.id },
      body: { scope: "device", deviceId: ids.online },
    });

    const d = await call(device.GET, "GET", "", { token: owner, params: { id: ids.online! } });
    expect(d.status).toBe(200);
    expect(d.json).toMatchObject({ policySync: "behind", appliedPolicyVersion: 1, latestPolicyVersion: 2 });
    expect(d.json.assignments).toEqual([
      expect.objectContaining({
        scope: "device",
        policy: expect.objectContaining({ name: "No deletes", publishedVersion: 1 }),
      }),
    ]);
    expect(d.json.effective.sources).toEqual(["device:No deletes@1"]);
    expect(d.json.effective.yaml).toContain("blacklist:\n    - delete_files");

    const eff = await call(deviceEffective.GET, "GET", "", {
      token: org.users.auditor.token,
      params: { id: ids.online! },
    });
    expect(eff.json.policy.commands.blacklist).toEqual(["delete_files"]);
  });

  it("revokes a device: audited, idempotent, another org gets 404", async () => {
    const theirs = await call(deviceRevoke.POST, "POST", "", {
      token: other.users.owner.token,
      params: { id: ids.stale! },
    });
    expect(theirs.status).toBe(404);
    const r = await call(deviceRevoke.POST, "POST", "", {
      token: org.users.security_admin.token,
      params: { id: ids.stale! },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: "revoked", revokedBy: org.users.security_admin.email });
    await call(deviceRevoke.POST, "POST", "", { token: owner, params: { id: ids.stale! } });
    expect(
      await t.db.prisma.auditEvent.count({
        where: { orgId: org.orgId, action: "device.revoke", targetId: ids.stale! },
      }),
    ).toBe(1);
    const helpdesk = await call(deviceRevoke.POST, "POST", "", {
      token: org.users.helpdesk.token,
      params: { id: ids.online! },
    });
    expect(helpdesk.status).toBe(403);
  });
});

describe("signing keys", () => {
  it("lists the active key and rotates it: audited, old key retired, generation bumped", async () => {
    const before = await call(signingKeys.GET, "GET", "/api/v1/signing-keys", { token: org.users.auditor.token });
    expect(before.status).toBe(200);
    const old = before.json.active.keyId;
    expect(before.json.active).toMatchObject({ algorithm: "Ed25519", state: "active", fingerprint: old });
    expect(JSON.stringify(before.json)).not.toMatch(/PRIVATE|privateKey/);
    const g0 = (await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } })).policyGeneration;

    const r = await call(rotate.POST, "POST", "/api/v1/signing-keys/rotate", { token: owner });
    expect(r.status).toBe(200);
    expect(r.json.retiredKeyIds).toEqual([old]);
    const after = await call(signingKeys.GET, "GET", "/api/v1/signing-keys", { token: owner });
    expect(after.json.active.keyId).toBe(r.json.keyId);
    expect(after.json.retired.map((k: { keyId: string }) => k.keyId)).toEqual([old]);
    expect((await t.db.prisma.org.findUniqueOrThrow({ where: { id: org.orgId } })).policyGeneration).toBe(g0 + 1);
    const ev = await t.db.prisma.auditEvent.findFirstOrThrow({
      where: { orgId: org.orgId, action: "signingkey.rotate" },
    });
    expect(ev.before).toEqual({ activeKeyId: old });
    expect(ev.after).toEqual({ activeKeyId: r.json.keyId });
    expect((await call(rotate.POST, "POST", "", { token: org.users.auditor.token })).status).toBe(403);
  });
});
