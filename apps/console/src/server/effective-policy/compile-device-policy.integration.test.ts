import { randomBytes } from "node:crypto";
import { defaultPolicy } from "@luminous/policy";
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { resetEnvForTests } from "../env";
import { compileDevicePolicy } from "./compile-device-policy";

let testDb: TestDatabase;
let orgId: string;
let groupId: string;
let otherGroupId: string;
let deviceId: string;

async function policy(name: string, versions: { doc: object; locked?: string[]; published: boolean }[]) {
  const p = await testDb.prisma.policy.create({ data: { orgId, name } });
  let n = 0;
  for (const v of versions) {
    n += 1;
    await testDb.prisma.policyVersion.create({
      data: {
        orgId,
        policyId: p.id,
        number: n,
        document: v.doc,
        source: "",
        contentHash: `${name}${n}`,
        lockedPaths: v.locked ?? [],
        authorLabel: "t",
        publishedAt: v.published ? new Date() : null,
      },
    });
  }
  return p.id;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  Object.assign(process.env, {
    DATABASE_URL: testDb.url,
    AUTH_SECRET: randomBytes(32).toString("hex"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "error",
  });
  resetEnvForTests();
  orgId = (await testDb.prisma.org.create({ data: { name: "Eff", slug: `eff-${randomBytes(3).toString("hex")}` } })).id;
  groupId = (await testDb.prisma.group.create({ data: { orgId, name: "devs" } })).id;
  otherGroupId = (await testDb.prisma.group.create({ data: { orgId, name: "ops" } })).id;
  deviceId = (
    await testDb.prisma.device.create({ data: { orgId, hostname: "ws", machineId: "m", publicKey: "k", groupId } })
  ).id;
});

afterAll(async () => {
  await db().$disconnect();
  await testDb?.drop();
});

describe("compileDevicePolicy", () => {
  it("gives the secure defaults when nothing is assigned", async () => {
    const r = await compileDevicePolicy(orgId, { id: deviceId, groupId });
    expect(r.policy).toEqual(defaultPolicy());
    expect(r.sources).toEqual([]);
  });

  it("layers org -> group -> device at each policy's latest published version, honouring locks", async () => {
    const org = await policy("baseline", [
      { doc: { packages: { deny: ["telnet*"] } }, locked: ["packages.deny"], published: true },
      { doc: { packages: { deny: ["telnet*", "nmap"] } }, locked: ["packages.deny"], published: true },
      { doc: { packages: { deny: [] } }, published: false }, // draft: never served
    ]);
    const grp = await policy("devs", [
      { doc: { packages: { deny: ["docker*"] }, commands: { require_approval: [] } }, published: true },
    ]);
    const other = await policy("ops", [{ doc: { commands: { blacklist: ["install_package"] } }, published: true }]);
    const dev = await policy("ws-override", [
      { doc: { commands: { require_approval: ["system_upgrade"] } }, published: true },
    ]);
    const never = await policy("unpublished", [{ doc: { commands: { blacklist: ["show_info"] } }, published: false }]);
    // Created device-first: the scope, not the creation order, decides the layering.
    await testDb.prisma.policyAssignment.create({ data: { orgId, policyId: dev, scope: "device", deviceId } });
    await testDb.prisma.policyAssignment.create({ data: { orgId, policyId: grp, scope: "group", groupId } });
    await testDb.prisma.policyAssignment.create({
      data: { orgId, policyId: other, scope: "group", groupId: otherGroupId },
    });
    await testDb.prisma.policyAssignment.create({ data: { orgId, policyId: org, scope: "org" } });
    await testDb.prisma.policyAssignment.create({ data: { orgId, policyId: never, scope: "org" } });

    const r = await compileDevicePolicy(orgId, { id: deviceId, groupId });
    expect(r.sources).toEqual(["org:baseline@2", "group:devs@1", "device:ws-override@1"]);
    // The group may add to the locked deny list but not drop the org's entries.
    expect(r.policy.packages.deny.sort()).toEqual(["docker*", "nmap", "telnet*"]);
    expect(r.policy.commands.require_approval).toEqual(["system_upgrade"]);
    expect(r.policy.commands.blacklist).not.toContain("install_package"); // another group's policy
    expect(r.policy.commands.blacklist).not.toContain("show_info");
    expect(r.locked).toContain("packages.deny");
  });
});
