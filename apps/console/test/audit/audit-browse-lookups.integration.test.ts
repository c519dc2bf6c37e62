/**
 * The audit list's fast paths (a group narrowed to its devices and members with events, command
 * text looked up through a third of its trigrams, widening windows then the filter's own index)
 * return exactly what the plain query returns: same rows, same order, page after page.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { Prisma } from "@luminous/db";
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/audit-events/export/route";
import * as listRoute from "@/app/api/v1/audit-events/route";
import { auditWhere, type TAuditFilter } from "@/server/audit/audit-filter";
import { auditStats } from "@/server/audit/audit-stats";
import { commandPieces, rarestPieces } from "@/server/audit/command-pieces";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";

const t = setupTestDatabase();
const DAY = 86_400_000;

/** Days back of the fixture's events: the windows (a day, four more), the rest of the year, clock skew ahead. */
const AGES = [-0.4, 0.1, 0.3, 0.9, 1.5, 3, 4.9, 5.2, 8, 20, 45, 90, 140, 200, 260, 330];
const COMMANDS = [
  "ask-nix please install firewall",
  "ask-nix PLEASE INSTALL FIREFOX now",
  "ask-nix install please fire", // every trigram piece of "please install fire", not the phrase
  "ask-nix install firefox please",
  "ask-nix enable the service nginx",
  "ask-nix upgrade and then install vim",
  "sudo get 50%_off deal",
  "sudo get 50xxoff deal",
  "ask-nix Été nginx",
  null,
];

let org: TestOrg;
let other: TestOrg;
let oldDevice: string;
const groups: Record<"active" | "silent" | "members" | "old" | "foreign", string> = {} as never;

async function device(orgId: string, groupId: string | null) {
  return t.db.prisma.device.create({
    data: {
      id: randomUUID(),
      orgId,
      hostname: `ws-${randomBytes(3).toString("hex")}`,
      machineId: `m-${randomBytes(4).toString("hex")}`,
      publicKey: "k",
      groupId,
    },
  });
}

async function member(orgId: string, groupId: string, email: string) {
  const u = await t.db.prisma.user.create({ data: { orgId, email, name: email, role: "viewer" } });
  await t.db.prisma.membership.create({ data: { orgId, groupId, userId: u.id } });
}

/** Rows straight into the table (the chain plays no part in browsing). */
async function events(orgId: string, rows: Partial<Prisma.AuditEventCreateManyInput>[]) {
  let seq = 1000;
  await t.db.prisma.auditEvent.createMany({
    data: rows.map((r) => ({
      id: randomUUID(),
      ts: new Date(),
      orgId,
      category: "agent",
      type: "command_received",
      outcome: "success",
      actorType: "device",
      serverSeq: seq++,
      serverHash: "x",
      ...r,
    })),
  });
}

beforeAll(async () => {
  org = await makeOrg("browse");
  other = await makeOrg("browse-other");
  const g = async (orgId: string, name: string) => (await t.db.prisma.group.create({ data: { orgId, name } })).id;
  groups.active = await g(org.orgId, "active");
  groups.silent = await g(org.orgId, "silent");
  groups.members = await g(org.orgId, "members");
  groups.old = await g(org.orgId, "old");
  groups.foreign = await g(other.orgId, "foreign");

  const active = [await device(org.orgId, groups.active), await device(org.orgId, groups.active)];
  await device(org.orgId, groups.active); // silent device in an active group
  await device(org.orgId, groups.silent);
  await device(org.orgId, groups.silent);
  await member(org.orgId, groups.silent, "quiet@browse.test");
  await member(org.orgId, groups.members, "alice@browse.test");
  await member(org.orgId, groups.members, "bob@browse.test");
  const old = await device(org.orgId, groups.old);
  oldDevice = old.id;
  const foreign = await device(other.orgId, groups.foreign);
  const ungrouped = await device(org.orgId, null);

  const now = Date.now();
  const rows: Partial<Prisma.AuditEventCreateManyInput>[] = [];
  let i = 0;
  for (const age of AGES) {
    for (const d of [...active, ungrouped]) {
      for (let k = 0; k < 3; k++, i++) {
        const text = COMMANDS[i % COMMANDS.length];
        const command = text ? `${text} #${i}` : null;
        const pkg = ["docker", "nginx", "vim"][i % 3]!;
        rows.push({
          ts: new Date(now - age * DAY - k * 60_000 - (i % 7) * 1000),
          deviceId: d.id,
          actorLabel: d.hostname,
          subject: ["alice@browse.test", "carol", "dave"][i % 3],
          command,
          packages: [pkg],
          services: i % 4 === 0 ? [pkg] : [],
          outcome: i % 5 === 0 ? "deny" : "success",
        });
      }
    }
    // console events of a member (her own actions, no device)
    rows.push({
      ts: new Date(now - age * DAY - 30_000),
      category: "admin",
      type: "admin.policy.publish",
      action: "policy.publish",
      actorType: "user",
      actorLabel: "bob@browse.test",
    });
  }
  // the old device's last two events share a timestamp: a cursor on one must still find the other
  for (const age of [150, 151, 152, 152]) {
    rows.push({
      ts: new Date(Math.floor(now / DAY) * DAY - age * DAY),
      deviceId: old.id,
      command: "ask-nix old",
    });
  }
  // same timestamp for several rows: the (ts, id) keyset must still be exact
  const tie = new Date(now - 2 * DAY);
  for (let k = 0; k < 4; k++)
    rows.push({ ts: tie, deviceId: active[0]!.id, command: "ask-nix please install fire tie" });
  await events(org.orgId, rows);
  await events(other.orgId, [
    { ts: new Date(now - DAY), deviceId: foreign.id, command: "ask-nix please install fire" },
    { ts: new Date(now - 100 * DAY), deviceId: foreign.id, command: "ask-nix please install fire" },
  ]);
  // statistics, so command text is looked up through the pieces a sample of them singles out
  await t.db.prisma.$executeRawUnsafe('ANALYZE "AuditEvent"');
  await auditStats();
  // rows the statistics do not hold: a rare phrase, a command with all its pieces but not it, and
  // a package installed once (its index is asked whether it occurs)
  await events(org.orgId, [
    { ts: new Date(now - 151 * DAY), deviceId: old.id, command: "ask-nix old", packages: ["zsh"] },
    { ts: new Date(now - 3 * DAY), deviceId: active[0]!.id, command: "ask-nix zebra quagga" },
    { ts: new Date(now - 30 * DAY), deviceId: active[1]!.id, command: "ask-nix ZEBRA QUAGGA now" },
    { ts: new Date(now - 40 * DAY), deviceId: active[1]!.id, command: "ask-nix quagga zebra" },
  ]);
});

/** The plain query: every match, newest first, no windows, no lookups. */
async function expected(orgId: string, filter: TAuditFilter, after?: { ts: Date; id: string }) {
  const rows = await t.db.prisma.$queryRaw<{ id: string }[]>`
    SELECT e."id"::text AS id FROM "AuditEvent" e WHERE ${auditWhere(orgId, filter, after)}
    ORDER BY e."ts" DESC, e."id" DESC`;
  return rows.map((r) => r.id);
}

/** Every page of the list API, `limit` at a time, from an optional cursor. */
async function listed(token: string, filter: Record<string, string>, limit: number, cursor?: string) {
  const ids: string[] = [];
  let next = cursor ?? null;
  let pages = 0;
  do {
    const qs = new URLSearchParams({ ...filter, limit: String(limit), ...(next ? { cursor: next } : {}) });
    const r = await call(listRoute.GET, "GET", `/api/v1/audit-events?${qs}`, { token });
    expect(r.status, qs.toString()).toBe(200);
    ids.push(...r.json.items.map((e: { id: string }) => e.id));
    next = r.json.nextCursor;
    pages++;
  } while (next && pages < 1000);
  return ids;
}

const cursorOf = (ts: Date, id: string) => Buffer.from(`${ts.toISOString()}|${id}`).toString("base64url");

describe("audit list fast paths", () => {
  const filters = (): [string, Record<string, string>][] => [
    ["active group", { group: groups.active }],
    ["group whose devices and members have no events", { group: groups.silent }],
    ["group of members only", { group: groups.members }],
    ["group with old events only", { group: groups.old }],
    ["another org's group", { group: groups.foreign }],
    ["group + outcome", { group: groups.active, outcome: "deny" }],
    ["group + time range", { group: groups.active, from: new Date(Date.now() - 100 * DAY).toISOString() }],
    ["phrase of common words", { q: "please install fire" }],
    ["phrase whose pieces all occur, in another order", { q: "install please fire" }],
    ["phrase that occurs nowhere", { q: "please install firewood" }],
    ["rare phrase", { q: "zebra quagga" }],
    ["phrase with LIKE wildcards", { q: "50%_off" }],
    ["phrase with no three-letter word", { q: "50" }],
    ["phrase with a non-ASCII word", { q: "été nginx" }],
    ["phrase + group", { q: "please install", group: groups.active }],
    ["phrase + time range", { q: "install", to: new Date(Date.now() - 10 * DAY).toISOString() }],
    ["package", { package: "vim" }],
    ["package that occurs once", { package: "zsh" }],
    ["service with no events", { service: "postgresql" }],
  ];

  it("returns exactly the plain query's rows in its order, page after page", async () => {
    for (const [name, f] of filters()) {
      const want = await expected(org.orgId, f as TAuditFilter);
      for (const limit of [1, 7, 50]) {
        expect(await listed(org.users.auditor.token, f, limit), `${name} (limit ${limit})`).toEqual(want);
      }
    }
    // the fixture holds matches, and rows with every piece of the phrase that do not match
    const inserted = await t.db.prisma.auditEvent.findMany({ where: { orgId: org.orgId }, select: { command: true } });
    const holds = (p: string) => inserted.filter((e) => e.command?.toLowerCase().includes(p)).length;
    expect(await expected(org.orgId, { q: "please install fire" })).toHaveLength(holds("please install fire"));
    expect(holds("please install fire")).toBeGreaterThan(10);
    expect(holds("install please fire")).toBeGreaterThan(10);
  });

  it("reads only the rare pieces of a phrase once the table has statistics", async () => {
    for (const q of ["please install firewood", "zebra quagga"]) {
      const pieces = commandPieces(q);
      const read = rarestPieces(pieces, (await auditStats()).commands);
      expect(read.length, q).toBeGreaterThanOrEqual(2);
      expect(read.length, q).toBeLessThan(pieces.length);
    }
    expect(await expected(org.orgId, { q: "zebra quagga" })).toHaveLength(2);
    // a phrase the trail holds often is looked up through every piece (and found by walking time)
    expect(rarestPieces(commandPieces("please install fire"), (await auditStats()).commands)).toHaveLength(7);
  });

  it("answers a group with no events, or another org's group, with an empty last page", async () => {
    for (const group of [groups.silent, groups.foreign]) {
      const r = await call(listRoute.GET, "GET", `/api/v1/audit-events?group=${group}`, {
        token: org.users.auditor.token,
      });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ items: [], nextCursor: null });
    }
    expect(await expected(org.orgId, { group: groups.silent })).toEqual([]);
  });

  it("continues from any cursor exactly, including far back for a phrase with few or no matches", async () => {
    const all = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId },
      orderBy: [{ ts: "desc" }, { id: "desc" }],
      select: { ts: true, id: true },
    });
    const starts = [1, Math.floor(all.length / 3), Math.floor(all.length / 2), all.length - 5].map((k) => all[k]!);
    const cases: Record<string, string>[] = [
      { q: "please install fire" },
      { q: "please install firewood" },
      { q: "zebra quagga" },
      { group: groups.active },
      { group: groups.old },
      { group: groups.members },
    ];
    for (const f of cases) {
      for (const at of starts) {
        const want = await expected(org.orgId, f, at);
        const got = await listed(org.users.auditor.token, f, 5, cursorOf(at.ts, at.id));
        expect(got, `${JSON.stringify(f)} after ${at.ts.toISOString()}`).toEqual(want);
      }
    }
    // from each of a sparse group's own rows
    const old = await t.db.prisma.auditEvent.findMany({
      where: { orgId: org.orgId, deviceId: oldDevice },
      orderBy: [{ ts: "desc" }, { id: "desc" }],
      select: { ts: true, id: true },
    });
    expect(old).toHaveLength(5);
    for (const [k, at] of old.entries()) {
      const got = await listed(org.users.auditor.token, { group: groups.old }, 2, cursorOf(at.ts, at.id));
      expect(got).toEqual(old.slice(k + 1).map((e) => e.id));
    }
  });

  it("exports every match of a phrase and of a group", async () => {
    const cases: Record<string, string>[] = [
      { q: "please install fire" },
      { group: groups.active },
      { group: groups.silent },
    ];
    for (const f of cases) {
      const res = await exportRoute.GET(
        new Request(`${PUBLIC_URL}/api/v1/audit-events/export?${new URLSearchParams(f)}`, {
          headers: { authorization: `Bearer ${org.users.auditor.token}` },
        }),
      );
      expect(res.status).toBe(200);
      const ids = (await res.text())
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l).id);
      expect(ids, JSON.stringify(f)).toEqual(await expected(org.orgId, f));
    }
  });
});
