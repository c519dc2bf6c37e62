/** In-console notices: who receives them, who may read and mark them, and what a bad notice is. */
import { beforeAll, describe, expect, it } from "vitest";
import * as readRoute from "@/app/api/v1/me/notices/read/route";
import * as noticesRoute from "@/app/api/v1/me/notices/route";
import { notifyOwners } from "@/server/notices/notify-owners";
import { notifyUser } from "@/server/notices/notify-user";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";

const t = setupTestDatabase();
let org: TestOrg;
let other: TestOrg;
let secondOwner: string;
let formerOwner: string;

const list = (token: string, q = "") => call(noticesRoute.GET, "GET", `/api/v1/me/notices${q}`, { token });

beforeAll(async () => {
  org = await makeOrg("notices");
  other = await makeOrg("elsewhere");
  const { db } = await import("@/server/db");
  const base = { orgId: org.orgId, role: "owner" as const, passwordHash: null };
  secondOwner = (await db().user.create({ data: { ...base, email: `owner2-${org.orgId}@n.test`, name: "Owner 2" } }))
    .id;
  formerOwner = (
    await db().user.create({
      data: { ...base, email: `gone-${org.orgId}@n.test`, name: "Gone", status: "deactivated" },
    })
  ).id;
});

describe("notifyOwners", () => {
  it("leaves one notice for each active Owner of the org, and nobody else", async () => {
    const { db } = await import("@/server/db");
    const n = await notifyOwners(db(), org.orgId, {
      kind: "sso.idp.created",
      title: "An identity provider was added",
      body: "Admin added Corp SAML.",
      link: "/settings",
    });
    expect(n).toBe(2);
    const rows = await t.db.prisma.notice.findMany({ where: { kind: "sso.idp.created" } });
    expect(rows.map((r) => r.userId).sort()).toEqual([org.users.owner.id, secondOwner].sort());
    expect(rows.every((r) => r.orgId === org.orgId && r.readAt === null && r.link === "/settings")).toBe(true);
    expect(rows.some((r) => r.userId === formerOwner || r.userId === other.users.owner.id)).toBe(false);
  });

  it("refuses a link that leaves the console", async () => {
    const { db } = await import("@/server/db");
    for (const link of ["//evil.example/x", "/\\evil.example", "https://evil.example"]) {
      await expect(notifyOwners(db(), org.orgId, { kind: "x.y", title: "t", body: "b", link })).rejects.toThrow(/link/);
    }
  });
});

describe("notifyUser", () => {
  it("tells one user of the org; a user id from another org gets nothing", async () => {
    const { db } = await import("@/server/db");
    const mine = await notifyUser(db(), org.orgId, org.users.viewer.id, {
      kind: "auth.signin.failures",
      title: "Repeated sign-in failures",
      body: "5 wrong passwords for your account from 203.0.113.7.",
    });
    expect(mine?.id).toBeTruthy();
    const foreign = await notifyUser(db(), org.orgId, other.users.viewer.id, {
      kind: "auth.signin.failures",
      title: "x",
      body: "y",
    });
    expect(foreign).toBeNull();
    expect(await t.db.prisma.notice.count({ where: { userId: other.users.viewer.id } })).toBe(0);
  });
});

describe("/api/v1/me/notices", () => {
  it("lists the caller's own notices with the unread count; others see none of them", async () => {
    const mine = await list(org.users.owner.token);
    expect(mine.status).toBe(200);
    expect(mine.json.unread).toBe(1);
    expect(mine.json.items).toHaveLength(1);
    expect(mine.json.items[0]).toMatchObject({ title: "An identity provider was added", readAt: null });
    const admin = await list(org.users.admin.token);
    expect(admin.json).toEqual({ items: [], unread: 0 });
    const viewer = await list(org.users.viewer.token);
    expect(viewer.json.items.map((n: { title: string }) => n.title)).toEqual(["Repeated sign-in failures"]);
  });

  it("marks read only the caller's own notices", async () => {
    const ownerNotice = (await list(org.users.owner.token)).json.items[0].id;
    const byOther = await call(readRoute.POST, "POST", "/api/v1/me/notices/read", {
      token: org.users.viewer.token,
      body: { ids: [ownerNotice] },
    });
    expect(byOther.status).toBe(200);
    expect(byOther.json.marked).toBe(0);
    expect((await list(org.users.owner.token)).json.unread).toBe(1);

    const own = await call(readRoute.POST, "POST", "/api/v1/me/notices/read", {
      token: org.users.owner.token,
      body: { ids: [ownerNotice] },
    });
    expect(own.json).toEqual({ marked: 1, unread: 0 });
    const after = await list(org.users.owner.token);
    expect(after.json.items[0].readAt).not.toBeNull();
    expect((await list(org.users.owner.token, "?unread=true")).json.items).toEqual([]);
    // The second owner's copy of the same notice is still unread.
    expect(await t.db.prisma.notice.count({ where: { userId: secondOwner, readAt: null } })).toBe(1);
  });

  it("marks all read, and names the bad field of a malformed request", async () => {
    const all = await call(readRoute.POST, "POST", "/api/v1/me/notices/read", {
      token: org.users.viewer.token,
      body: { all: true },
    });
    expect(all.json).toEqual({ marked: 1, unread: 0 });
    const bad = await call(readRoute.POST, "POST", "/api/v1/me/notices/read", {
      token: org.users.viewer.token,
      body: { ids: ["not-an-id"] },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.error.fields)).toMatch(/ids\.0/);
    expect((await call(noticesRoute.GET, "GET", "/api/v1/me/notices")).status).toBe(401);
  });
});
