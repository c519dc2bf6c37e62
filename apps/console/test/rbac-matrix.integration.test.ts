/**
 * Role x permission matrix through the API, including calls the UI would never make: every role
 * hits every endpoint; allowed ones succeed, the rest get 403 and leave a "denied" audit event.
 */
import type { Role } from "@luminous/db";
import { defaultApprovals } from "@luminous/policy";
import { describe, expect, it } from "vitest";
import * as approvalDecision from "@/app/api/v1/approvals/[id]/decision/route";
import * as approvalReview from "@/app/api/v1/approvals/[id]/review/route";
import * as approvalOne from "@/app/api/v1/approvals/[id]/route";
import * as approvalsAll from "@/app/api/v1/approvals/route";
import * as auditEvents from "@/app/api/v1/audit-events/route";
import * as complianceHistory from "@/app/api/v1/compliance/history/route";
import * as compliancePackage from "@/app/api/v1/compliance/package/route";
import * as complianceExport from "@/app/api/v1/compliance/report/export/route";
import * as complianceReport from "@/app/api/v1/compliance/report/route";
import * as complianceRunPackage from "@/app/api/v1/compliance/runs/[id]/package/route";
import * as complianceRuns from "@/app/api/v1/compliance/runs/route";
import * as complianceSchedule from "@/app/api/v1/compliance/schedules/[id]/route";
import * as complianceSchedules from "@/app/api/v1/compliance/schedules/route";
import * as deviceEffective from "@/app/api/v1/devices/[id]/effective-policy/route";
import * as deviceRevoke from "@/app/api/v1/devices/[id]/revoke/route";
import * as deviceOne from "@/app/api/v1/devices/[id]/route";
import * as devicesAll from "@/app/api/v1/devices/route";
import * as tokenRevoke from "@/app/api/v1/enrollment-tokens/[id]/revoke/route";
import * as enrollmentTokens from "@/app/api/v1/enrollment-tokens/route";
import * as groupMember from "@/app/api/v1/groups/[id]/members/[userId]/route";
import * as groupMembers from "@/app/api/v1/groups/[id]/members/route";
import * as group from "@/app/api/v1/groups/[id]/route";
import * as groups from "@/app/api/v1/groups/route";
import * as idpOne from "@/app/api/v1/identity-providers/[id]/route";
import * as idpsAll from "@/app/api/v1/identity-providers/route";
import * as ssoSettings from "@/app/api/v1/identity-providers/settings/route";
import * as notificationDeliveries from "@/app/api/v1/notifications/deliveries/route";
import * as notificationEmail from "@/app/api/v1/notifications/email/route";
import * as notificationSettings from "@/app/api/v1/notifications/route";
import * as webhookOne from "@/app/api/v1/notifications/webhooks/[id]/route";
import * as webhooksAll from "@/app/api/v1/notifications/webhooks/route";
import * as policyAssignment from "@/app/api/v1/policies/[id]/assignments/[assignmentId]/route";
import * as policyAssignments from "@/app/api/v1/policies/[id]/assignments/route";
import * as policyDiff from "@/app/api/v1/policies/[id]/diff/route";
import * as policyOne from "@/app/api/v1/policies/[id]/route";
import * as policyPublish from "@/app/api/v1/policies/[id]/versions/[number]/publish/route";
import * as policyVersions from "@/app/api/v1/policies/[id]/versions/route";
import * as policiesAll from "@/app/api/v1/policies/route";
import * as policySimulate from "@/app/api/v1/policies/simulate/route";
import * as policyValidate from "@/app/api/v1/policies/validate/route";
import * as scimSettings from "@/app/api/v1/scim/route";
import * as scimToken from "@/app/api/v1/scim/token/route";
import * as stepUpSettings from "@/app/api/v1/settings/step-up/route";
import * as siemReplay from "@/app/api/v1/siem-destinations/[id]/replay/route";
import * as siemOne from "@/app/api/v1/siem-destinations/[id]/route";
import * as siemAll from "@/app/api/v1/siem-destinations/route";
import * as signingKeyRotate from "@/app/api/v1/signing-keys/rotate/route";
import * as signingKeysAll from "@/app/api/v1/signing-keys/route";
import * as deactivate from "@/app/api/v1/users/[id]/deactivate/route";
import * as reactivate from "@/app/api/v1/users/[id]/reactivate/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as unlock from "@/app/api/v1/users/[id]/unlock/route";
import * as invitationDelivery from "@/app/api/v1/users/invitation-delivery/route";
import * as users from "@/app/api/v1/users/route";
import { can, type TPermission } from "@/server/auth/permissions";
import { ALL_ROLES, call, makeOrg, setupTestDatabase, type TestOrg } from "./harness";

const t = setupTestDatabase();

type Prep = { params?: Record<string, string>; body?: unknown };

const siemDestination = (n: number) => ({
  kind: "syslog_udp",
  name: `siem ${n}`,
  format: "rfc5424",
  host: "127.0.0.1",
  port: 5514,
});
/** A destination made by the owner, for the cases that change one. */
async function storedSiemDestination(o: TestOrg, n: number): Promise<string> {
  const r = await call(siemAll.POST, "POST", "/api/v1/siem-destinations", {
    token: o.users.owner.token,
    body: siemDestination(n),
  });
  return r.json.id;
}
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

/** A policy with two draft versions (1 and 2), for the policy endpoints. */
async function newPolicy(org: TestOrg, n: number) {
  const p = await t.db.prisma.policy.create({
    data: { orgId: org.orgId, name: `p-${n}-${Math.random().toString(36).slice(2)}` },
  });
  for (const number of [1, 2]) {
    await t.db.prisma.policyVersion.create({
      data: {
        orgId: org.orgId,
        policyId: p.id,
        number,
        document: { safety: { dry_run_default: number === 2 } },
        source: `safety:\n  dry_run_default: ${number === 2}\n`,
        contentHash: `h${number}`,
        lockedPaths: [],
        authorLabel: "t",
        note: "n",
      },
    });
  }
  return p;
}
async function newDevice(org: TestOrg, n: number) {
  return t.db.prisma.device.create({
    data: { orgId: org.orgId, hostname: `ws-${n}`, machineId: `m-${n}`, publicKey: "k" },
  });
}
async function newEnrollmentToken(org: TestOrg, n: number) {
  return t.db.prisma.enrollmentToken.create({
    data: {
      orgId: org.orgId,
      name: `t-${n}`,
      tokenHash: `hash-${n}-${Math.random()}`,
      prefix: "lnxe_x",
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
}

/** A pending approval request from a new device (default rules: one approval.decide holder). */
async function newApprovalRequest(org: TestOrg, n: number, extra: { status?: string; breakGlass?: boolean } = {}) {
  const d = await newDevice(org, n);
  return t.db.prisma.approvalRequest.create({
    data: {
      orgId: org.orgId,
      deviceId: d.id,
      kind: "require_approval",
      localUser: `ws-user-${n}`,
      action: "system_upgrade",
      rule: "commands.require_approval",
      policyVersion: 1,
      actionHash: `h-${n}`,
      rules: defaultApprovals(),
      expiresAt: new Date(Date.now() + 3600_000),
      ...extra,
    },
  });
}

/** An OIDC identity provider (no network needed to store one). */
const oidcIdp = (n: number) => ({
  type: "oidc",
  name: `IdP ${n}`,
  slug: `idp-${n}-${Math.random().toString(36).slice(2, 8)}`,
  issuer: "https://idp.example.test",
  clientId: "console",
  clientSecret: "s3cret",
});
async function storedIdp(org: TestOrg, n: number) {
  const slug = `stored-${n}-${Math.random().toString(36).slice(2, 8)}`;
  return t.db.prisma.identityProvider.create({
    data: {
      orgId: org.orgId,
      type: "oidc",
      name: `Stored ${n}`,
      slug,
      spKey: slug,
      config: {},
    },
  });
}

const CASES: Case[] = [
  {
    name: "list identity providers",
    permission: "idp.manage",
    handler: idpsAll.GET,
    method: "GET",
    path: () => "/api/v1/identity-providers",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "add an identity provider",
    permission: "idp.configure",
    handler: idpsAll.POST,
    method: "POST",
    path: () => "/api/v1/identity-providers",
    prepare: async (_o, n) => ({ body: oidcIdp(n) }),
    ok: 201,
  },
  {
    name: "change an identity provider",
    permission: "idp.configure",
    handler: idpOne.PUT,
    method: "PUT",
    path: (p) => `/api/v1/identity-providers/${p.params?.id}`,
    prepare: async (o, n) => {
      const created = await call(idpsAll.POST, "POST", "/api/v1/identity-providers", {
        token: o.users.owner.token,
        body: oidcIdp(n),
      });
      return { params: { id: created.json.id }, body: { ...oidcIdp(n), slug: created.json.slug } };
    },
    ok: 200,
  },
  {
    name: "create or rotate the SCIM token",
    permission: "scim.manage",
    handler: scimToken.POST,
    method: "POST",
    path: () => "/api/v1/scim/token",
    prepare: async (o, n) => {
      const idp = await storedIdp(o, n);
      await call(scimSettings.PUT, "PUT", "/api/v1/scim", { token: o.users.owner.token, body: { idpId: idp.id } });
      return {};
    },
    ok: 201,
  },
  {
    name: "link SCIM to an identity provider",
    permission: "scim.manage",
    also: ["idp.configure"],
    handler: scimSettings.PUT,
    method: "PUT",
    path: () => "/api/v1/scim",
    prepare: async (o, n) => ({ body: { idpId: (await storedIdp(o, n)).id } }),
    ok: 200,
  },
  {
    name: "delete an identity provider",
    permission: "idp.configure",
    handler: idpOne.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/identity-providers/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await storedIdp(o, n)).id } }),
    ok: 204,
  },
  {
    name: "turn SSO enforcement off",
    permission: "settings.update",
    also: ["idp.configure"],
    handler: ssoSettings.PUT,
    method: "PUT",
    path: () => "/api/v1/identity-providers/settings",
    prepare: async (o) => {
      await t.db.prisma.org.update({
        where: { id: o.orgId },
        data: { ssoEnforced: true, breakGlassUserId: o.users.owner.id },
      });
      return { body: { domains: [], ssoEnforced: false, breakGlassUserId: o.users.owner.id } };
    },
    ok: 200,
  },
  {
    name: "read the step-up setting",
    permission: "settings.read",
    handler: stepUpSettings.GET,
    method: "GET",
    path: () => "/api/v1/settings/step-up",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "change the step-up setting",
    permission: "settings.update",
    handler: stepUpSettings.PUT,
    method: "PUT",
    path: () => "/api/v1/settings/step-up",
    prepare: async () => ({ body: { minutes: null } }),
    ok: 200,
  },
  {
    name: "list approval requests",
    permission: "approval.read",
    handler: approvalsAll.GET,
    method: "GET",
    path: () => "/api/v1/approvals",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "read an approval request",
    permission: "approval.read",
    handler: approvalOne.GET,
    method: "GET",
    path: (p) => `/api/v1/approvals/${p.params!.id}`,
    prepare: async (org, n) => ({ params: { id: (await newApprovalRequest(org, n)).id } }),
    ok: 200,
  },
  {
    name: "decide an approval request",
    permission: "approval.decide",
    handler: approvalDecision.POST,
    method: "POST",
    path: (p) => `/api/v1/approvals/${p.params!.id}/decision`,
    prepare: async (org, n) => ({
      params: { id: (await newApprovalRequest(org, n)).id },
      body: { verdict: "approve" },
    }),
    ok: 200,
  },
  {
    name: "close a break-glass review",
    permission: "approval.decide",
    handler: approvalReview.POST,
    method: "POST",
    path: (p) => `/api/v1/approvals/${p.params!.id}/review`,
    prepare: async (org, n) => ({
      params: { id: (await newApprovalRequest(org, n, { status: "break_glass", breakGlass: true })).id },
      body: { note: "checked: the outage needed it" },
    }),
    ok: 200,
  },
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
  {
    name: "view a compliance report",
    permission: "compliance.read",
    handler: complianceReport.GET,
    method: "GET",
    path: () => "/api/v1/compliance/report?framework=soc2&from=2026-01-01&to=2026-04-01",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "download a compliance report",
    permission: "compliance.export",
    handler: complianceExport.GET,
    method: "GET",
    path: () => "/api/v1/compliance/report/export?framework=pci&from=2026-01-01&to=2026-04-01&format=csv",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "read a control's compliance history",
    permission: "compliance.read",
    handler: complianceHistory.GET,
    method: "GET",
    path: () => "/api/v1/compliance/history?control=pci.10.2.1.3",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "download an evidence package",
    permission: "compliance.export",
    handler: compliancePackage.GET,
    method: "GET",
    path: () => "/api/v1/compliance/package?framework=iso27001&from=2026-01-01&to=2026-04-01",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "list scheduled and kept compliance reports",
    permission: "compliance.read",
    handler: complianceRuns.GET,
    method: "GET",
    path: () => "/api/v1/compliance/runs",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "schedule a compliance report",
    permission: "compliance.export",
    handler: complianceSchedules.POST,
    method: "POST",
    path: () => "/api/v1/compliance/schedules",
    prepare: async (org) => {
      await t.db.prisma.reportSchedule.deleteMany({ where: { orgId: org.orgId } });
      return { body: { framework: "soc2", cadence: "weekly" } };
    },
    ok: 201,
  },
  {
    name: "delete a report schedule",
    permission: "compliance.export",
    handler: complianceSchedule.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/compliance/schedules/${p.params!.id}`,
    prepare: async (org, n) => {
      const s = await t.db.prisma.reportSchedule.create({
        data: { orgId: org.orgId, framework: "pci", cadence: `monthly-${n}`, createdByLabel: "test" },
      });
      return { params: { id: s.id } };
    },
    ok: 200,
  },
  {
    name: "ask for a kept compliance report",
    permission: "compliance.export",
    handler: complianceRuns.POST,
    method: "POST",
    path: () => "/api/v1/compliance/runs",
    prepare: async () => ({ body: { framework: "soc2", from: "2026-01-01", to: "2026-02-01" } }),
    ok: 202,
  },
  {
    name: "download a kept report's evidence package",
    permission: "compliance.export",
    handler: complianceRunPackage.GET,
    method: "GET",
    path: (p) => `/api/v1/compliance/runs/${p.params!.id}/package`,
    prepare: async (org) => {
      const r = await t.db.prisma.reportRun.create({
        data: {
          orgId: org.orgId,
          framework: "soc2",
          cadence: "once",
          periodFrom: new Date("2026-01-01"),
          periodTo: new Date("2026-02-01"),
          status: "succeeded",
          requestedByLabel: "test",
          sha256: "0".repeat(64),
          bytes: 2n,
          chunks: { create: { n: 0, data: Buffer.from("PK") } },
        },
      });
      return { params: { id: r.id } };
    },
    ok: 200,
  },
  {
    name: "list policies",
    permission: "policy.read",
    handler: policiesAll.GET,
    method: "GET",
    path: () => "/api/v1/policies",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "create policy",
    permission: "policy.write",
    handler: policiesAll.POST,
    method: "POST",
    path: () => "/api/v1/policies",
    prepare: async (_o, n) => ({
      body: { name: `Policy ${n} ${Date.now()}`, source: "safety:\n  dry_run_default: true\n", note: "new" },
    }),
    ok: 201,
  },
  {
    name: "get policy",
    permission: "policy.read",
    handler: policyOne.GET,
    method: "GET",
    path: (p) => `/api/v1/policies/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await newPolicy(o, n)).id } }),
    ok: 200,
  },
  {
    name: "save policy version",
    permission: "policy.write",
    handler: policyVersions.POST,
    method: "POST",
    path: (p) => `/api/v1/policies/${p.params?.id}/versions`,
    prepare: async (o, n) => ({
      params: { id: (await newPolicy(o, n)).id },
      body: { source: "voice:\n  enabled: false\n", note: "edit" },
    }),
    ok: 201,
  },
  {
    name: "validate policy",
    permission: "policy.read",
    handler: policyValidate.POST,
    method: "POST",
    path: () => "/api/v1/policies/validate",
    prepare: async () => ({ body: { source: "safety: {}\n" } }),
    ok: 200,
  },
  {
    name: "diff policy versions",
    permission: "policy.read",
    handler: policyDiff.GET,
    method: "GET",
    path: (p) => `/api/v1/policies/${p.params?.id}/diff?from=1&to=2`,
    prepare: async (o, n) => ({ params: { id: (await newPolicy(o, n)).id } }),
    ok: 200,
  },
  {
    name: "publish policy version",
    permission: "policy.publish",
    handler: policyPublish.POST,
    method: "POST",
    path: (p) => `/api/v1/policies/${p.params?.id}/versions/2/publish`,
    prepare: async (o, n) => ({ params: { id: (await newPolicy(o, n)).id, number: "2" } }),
    ok: 200,
  },
  {
    name: "assign policy",
    permission: "policy.assign",
    handler: policyAssignments.POST,
    method: "POST",
    path: (p) => `/api/v1/policies/${p.params?.id}/assignments`,
    prepare: async (o, n) => ({
      params: { id: (await newPolicy(o, n)).id },
      body: { scope: "group", groupId: (await newGroup(o, n)).id },
    }),
    ok: 201,
  },
  {
    name: "unassign policy",
    permission: "policy.assign",
    handler: policyAssignment.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/policies/${p.params?.id}/assignments/${p.params?.assignmentId}`,
    prepare: async (o, n) => {
      const p = await newPolicy(o, n);
      const a = await t.db.prisma.policyAssignment.create({ data: { orgId: o.orgId, policyId: p.id, scope: "org" } });
      return { params: { id: p.id, assignmentId: a.id } };
    },
    ok: 204,
  },
  {
    name: "simulate a decision",
    permission: "policy.read",
    handler: policySimulate.POST,
    method: "POST",
    path: () => "/api/v1/policies/simulate",
    prepare: async (o, n) => ({
      body: { target: { type: "device", id: (await newDevice(o, n)).id }, text: "install docker by alice" },
    }),
    ok: 200,
  },
  {
    name: "list enrollment tokens",
    permission: "enrollment.manage",
    handler: enrollmentTokens.GET,
    method: "GET",
    path: () => "/api/v1/enrollment-tokens",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "create enrollment token",
    permission: "enrollment.manage",
    handler: enrollmentTokens.POST,
    method: "POST",
    path: () => "/api/v1/enrollment-tokens",
    prepare: async (_o, n) => ({ body: { name: `token ${n}`, expiresInHours: 24, maxUses: 1, groupId: null } }),
    ok: 201,
  },
  {
    name: "revoke enrollment token",
    permission: "enrollment.manage",
    handler: tokenRevoke.POST,
    method: "POST",
    path: (p) => `/api/v1/enrollment-tokens/${p.params?.id}/revoke`,
    prepare: async (o, n) => ({ params: { id: (await newEnrollmentToken(o, n)).id } }),
    ok: 200,
  },
  {
    name: "list devices",
    permission: "device.read",
    handler: devicesAll.GET,
    method: "GET",
    path: () => "/api/v1/devices",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "get device",
    permission: "device.read",
    handler: deviceOne.GET,
    method: "GET",
    path: (p) => `/api/v1/devices/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: (await newDevice(o, n)).id } }),
    ok: 200,
  },
  {
    name: "read a device's effective policy",
    permission: "device.read",
    handler: deviceEffective.GET,
    method: "GET",
    path: (p) => `/api/v1/devices/${p.params?.id}/effective-policy`,
    prepare: async (o, n) => ({ params: { id: (await newDevice(o, n)).id } }),
    ok: 200,
  },
  {
    name: "revoke device",
    permission: "device.revoke",
    handler: deviceRevoke.POST,
    method: "POST",
    path: (p) => `/api/v1/devices/${p.params?.id}/revoke`,
    prepare: async (o, n) => ({ params: { id: (await newDevice(o, n)).id } }),
    ok: 200,
  },
  {
    name: "list signing keys",
    permission: "settings.read",
    handler: signingKeysAll.GET,
    method: "GET",
    path: () => "/api/v1/signing-keys",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "rotate signing key",
    permission: "signingkey.rotate",
    handler: signingKeyRotate.POST,
    method: "POST",
    path: () => "/api/v1/signing-keys/rotate",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "read notification settings",
    permission: "settings.read",
    handler: notificationSettings.GET,
    method: "GET",
    path: () => "/api/v1/notifications",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "save the mail server",
    permission: "settings.update",
    handler: notificationEmail.PUT,
    method: "PUT",
    path: () => "/api/v1/notifications/email",
    prepare: async () => ({
      body: { host: "smtp.example.com", port: 587, security: "starttls", fromAddress: "console@example.com" },
    }),
    ok: 200,
  },
  {
    name: "add a webhook endpoint",
    permission: "settings.update",
    handler: webhooksAll.POST,
    method: "POST",
    path: () => "/api/v1/notifications/webhooks",
    prepare: async (_org, n) => ({
      body: { name: `hook ${n}`, url: "https://hooks.example.com/in", events: ["approval.requested"] },
    }),
    ok: 201,
  },
  {
    name: "remove a webhook endpoint",
    permission: "settings.update",
    handler: webhookOne.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/notifications/webhooks/${p.params!.id}`,
    prepare: async (org, n) => {
      const w = await t.db.prisma.webhookEndpoint.create({
        data: { orgId: org.orgId, name: `w-${n}`, url: "https://hooks.example.com/in", secretEnc: "x", events: [] },
      });
      return { params: { id: w.id } };
    },
    ok: 200,
  },
  {
    name: "read the delivery log",
    permission: "settings.read",
    handler: notificationDeliveries.GET,
    method: "GET",
    path: () => "/api/v1/notifications/deliveries",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "ask whether invitations are emailed",
    permission: "user.create",
    handler: invitationDelivery.GET,
    method: "GET",
    path: () => "/api/v1/users/invitation-delivery",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "list SIEM destinations",
    permission: "settings.read",
    handler: siemAll.GET,
    method: "GET",
    path: () => "/api/v1/siem-destinations",
    prepare: async () => ({}),
    ok: 200,
  },
  {
    name: "add a SIEM destination",
    permission: "settings.update",
    handler: siemAll.POST,
    method: "POST",
    path: () => "/api/v1/siem-destinations",
    prepare: async (_o, n) => ({ body: siemDestination(n) }),
    ok: 201,
  },
  {
    name: "change a SIEM destination",
    permission: "settings.update",
    handler: siemOne.PATCH,
    method: "PATCH",
    path: (p) => `/api/v1/siem-destinations/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: await storedSiemDestination(o, n) }, body: { enabled: false } }),
    ok: 200,
  },
  {
    name: "delete a SIEM destination",
    permission: "settings.update",
    handler: siemOne.DELETE,
    method: "DELETE",
    path: (p) => `/api/v1/siem-destinations/${p.params?.id}`,
    prepare: async (o, n) => ({ params: { id: await storedSiemDestination(o, n) } }),
    ok: 204,
  },
  {
    name: "replay a SIEM destination",
    permission: "settings.update",
    handler: siemReplay.POST,
    method: "POST",
    path: (p) => `/api/v1/siem-destinations/${p.params?.id}/replay`,
    prepare: async (o, n) => ({
      params: { id: await storedSiemDestination(o, n) },
      body: { from: new Date(Date.now() - 60_000).toISOString() },
    }),
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
