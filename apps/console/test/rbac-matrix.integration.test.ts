/**
 * Role x permission matrix through the API, including calls the UI would never make: every role
 * hits every endpoint; allowed ones succeed, the rest get 403 and leave a "denied" audit event.
 */
import type { Role } from "@luminous/db";
import { describe, expect, it } from "vitest";
import * as auditEvents from "@/app/api/v1/audit-events/route";
import * as groupMember from "@/app/api/v1/groups/[id]/members/[userId]/route";
import * as groupMembers from "@/app/api/v1/groups/[id]/members/route";
import * as group from "@/app/api/v1/groups/[id]/route";
import * as groups from "@/app/api/v1/groups/route";
import * as deactivate from "@/app/api/v1/users/[id]/deactivate/route";
import * as reactivate from "@/app/api/v1/users/[id]/reactivate/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as unlock from "@/app/api/v1/users/[id]/unlock/route";
import * as users from "@/app/api/v1/users/route";
import { can, type TPermission } from "@/server/auth/permissions";
import { ALL_ROLES, call, makeOrg, setupTestDatabase, type TestOrg } from "./harness";

const t = setupTestDatabase();

type Prep = { params?: Record<string, string>; body?: unknown };
interface Case {
  name: string;
  permission: TPermission;
  /** Further permissions the operation needs (checked after the route's own). */
  also?: TPermission[];
  // biome-ignore lint/suspicious/noExplicitAny: route modules export differently typed handlers
  handler: any;
  method: string;
  path: (p: Prep) => string;
  prepare: (org: TestOrg, n: number) => Promise<Prep>;
  ok: number;
}

async function viewer(org: TestOrg, n: number, status: "active" | "deactivated" = "active") {
  return t.db.prisma.user.create({
    data: {
      orgId: org.orgId,
      email: `target-${n}-${Math.random().toString(36).slice(2)}@x.test`,
      name: `Target ${n}`,
      role: "viewer",
      status,
    },
  });
}
async function newGroup(org: TestOrg, n: number) {
  return t.db.prisma.group.create({
    data: { orgId: org.orgId, name: `g-${n}-${Math.random().toString(36).slice(2)}` },
  });
}

const CASES: Case[] = [
  {
    name: "list users",
    permission: "user.read",
    handler: users.GET,
    method: "GET",
    path: () => "/api/v1/users",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "create user",
    permission: "user.create",
    handler: users.POST,
    method: "POST",
    path: () => "/api/v1/users",
    prepare: async (_o, n) => ({ body: { email: `new-${n}-${Date.now()}@x.test`, name: "New", role: "viewer" } }),
    ok: 201,
  },
  {
    name: "get user",
    permission: "user.read",
    handler: user.GET,
    method: "GET",
    path: (p) => `/api/v1/users/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n)).id } }),
    ok: 200,
  },
  {
    name: "edit user",
    permission: "user.update",
    handler: user.PATCH,
    method: "PATCH",
    path: (p) => `/api/v1/users/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n)).id }, body: { name: "Renamed" } }),
    ok: 200,
  },
  {
    name: "change role",
    permission: "user.update",
    also: ["user.role.assign"],
    handler: user.PATCH,
    method: "PATCH",
    path: (p) => `/api/v1/users/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n)).id }, body: { role: "auditor" } }),
    ok: 200,
  },
  {
    name: "deactivate user",
    permission: "user.deactivate",
    handler: deactivate.POST,
    method: "POST",
    path: (p) => `/api/v1/users/${p.params?.id}/deactivate`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n)).id } }),
    ok: 200,
  },
  {
    name: "reactivate user",
    permission: "user.deactivate",
    handler: reactivate.POST,
    method: "POST",
    path: (p) => `/api/v1/users/${p.params?.id}/reactivate`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n, "deactivated")).id } }),
    ok: 200,
  },
  {
    name: "unlock user",
    permission: "user.unlock",
    handler: unlock.POST,
    method: "POST",
    path: (p) => `/api/v1/users/${p.params?.id}/unlock`,
    prepare: async (o, n) => ({ params: { id: (await viewer(o, n)).id } }),
    ok: 200,
  },
  {
    name: "list groups",
    permission: "group.read",
    handler: groups.GET,
    method: "GET",
    path: () => "/api/v1/groups",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "create group",
    permission: "group.create",
    handler: groups.POST,
    method: "POST",
    path: () => "/api/v1/groups",
    prepare: async (_o, n) => ({ body: { name: `Group ${n} ${Date.now()}` } }),
    ok: 201,
  },
  {
    name: "rename group",
    permission: "group.update",
    handler: group.PATCH,
    method: "PATCH",
    path: (p) => `/api/v1/groups/${p.params?.id}`,
    prepare: async (o, n) => ({
      params: { id: (await newGroup(o, n)).id },
      body: { name: `Renamed ${n} ${Date.now()}` },
    }),
    ok: 200,
  },
  {
    name: "delete group",
    permission: "group.delete",
    handler: group.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/groups/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await newGroup(o, n)).id } }),
    ok: 204,
  },
  {
    name: "add member",
    permission: "group.member.manage",
    handler: groupMembers.POST,
    method: "POST",
    path: (p) => `/api/v1/groups/${p.params?.id}/members`,
    prepare: async (o, n) => ({ params: { id: (await newGroup(o, n)).id }, body: { userId: (await viewer(o, n)).id } }),
    ok: 201,
  },
  {
    name: "remove member",
    permission: "group.member.manage",
    handler: groupMember.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/groups/${p.params?.id}/members/${p.params?.userId}`,
    prepare: async (o, n) => {
      const g = await newGroup(o, n);
      const u = await viewer(o, n);
      await t.db.prisma.membership.create({ data: { orgId: o.orgId, groupId: g.id, userId: u.id } });
      return { params: { id: g.id, userId: u.id } };
    },
    ok: 204,
  },
  {
    name: "read audit log",
    permission: "audit.read",
    handler: auditEvents.GET,
    method: "GET",
    path: () => "/api/v1/audit-events",
    prepare: async () => ({}),
    ok: 200,
  },
];

describe("role x permission matrix over the admin API", () => {
  let n = 0;
  let org: TestOrg | undefined;
  for (const c of CASES) {
    for (const role of ALL_ROLES) {
      const needed = [c.permission, ...(c.also ?? [])];
      const missing = needed.find((p) => !can(role as Role, p));
      const allowed = missing === undefined;
      it(`${role} ${allowed ? "may" : "may not"} ${c.name}`, async () => {
        org ??= await makeOrg("rbac");
        const started = new Date();
        const prep = await c.prepare(org, ++n);
        const r = await call(c.handler, c.method, c.path(prep), {
          token: org.users[role].token,
          body: prep.body,
          params: prep.params,
        });
        if (allowed) {
          expect(r.status, JSON.stringify(r.json)).toBe(c.ok);
        } else {
          expect(r.status).toBe(403);
          expect(r.json.error.code).toBe("forbidden");
          const denied = await t.db.prisma.auditEvent.findFirst({
            where: { orgId: org.orgId, outcome: "denied", actorId: org.users[role].id, ts: { gte: started } },
          });
          expect(denied?.action).toBe(missing);
        }
      });
    }
  }
});
