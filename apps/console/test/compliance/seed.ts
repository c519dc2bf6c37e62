import { randomBytes } from "node:crypto";
import { laneOf } from "@luminous/audit";
import { type AuditRow, appendAuditEvents } from "@/server/audit/append-events";
import { db } from "@/server/db";

/**
 * A small org with known answers for every SOC 2 control over March 2026:
 * - mallory (local, no MFA) and bob (MFA enabled on 5 March) are CC6.1 exceptions; carol has MFA.
 * - dave was deactivated on 10 March and signed in on 12 March: a CC6.2 exception.
 * - one self-granted role change (CC6.3).
 * - device ws-2 has audit disabled by a device-scope policy (CC7.2), ws-1 reported, and ws-1 had
 *   an integrity gap on 20 March.
 * - two publishes: one with a note by someone other than the author, one without a note by its author.
 * - events exactly at the period's end and just before its start are outside it.
 */
export async function seedCompliance(existingOrgId?: string) {
  const slug = `c-${randomBytes(4).toString("hex")}`;
  const orgId = existingOrgId ?? (await db().org.create({ data: { name: `Org ${slug}`, slug } })).id;
  const t = (s: string) => new Date(s);
  const mk = (email: string, o: Record<string, unknown> = {}) =>
    db().user.create({
      data: {
        orgId,
        email: `${email}@${slug}.test`,
        name: email,
        role: "admin",
        createdAt: t("2026-01-01T00:00:00Z"),
        ...o,
      },
    });
  const carol = await mk("carol", { totpEnabledAt: t("2026-01-02T00:00:00Z") });
  const mallory = await mk("mallory");
  const bob = await mk("bob", { totpEnabledAt: t("2026-03-05T00:00:00Z") });
  const dave = await mk("dave", {
    totpEnabledAt: t("2026-01-02T00:00:00Z"),
    status: "deactivated",
    deactivatedAt: t("2026-03-10T00:00:00Z"),
  });
  const group = await db().group.create({ data: { orgId, name: "fleet" } });
  const dev = (hostname: string) =>
    db().device.create({
      data: {
        orgId,
        hostname,
        machineId: hostname,
        publicKey: "x",
        groupId: group.id,
        enrolledAt: t("2026-01-01T00:00:00Z"),
      },
    });
  const ws1 = await dev("ws-1");
  const ws2 = await dev("ws-2");
  const policy = await db().policy.create({ data: { orgId, name: "base" } });
  const quiet = await db().policy.create({ data: { orgId, name: "quiet" } });
  const v = (policyId: string, number: number, note: string, authorId: string, document: object) =>
    db().policyVersion.create({
      data: {
        orgId,
        policyId,
        number,
        document,
        source: "",
        contentHash: `h${number}`,
        note,
        authorId,
        authorLabel: "author",
        publishedAt: t("2026-03-03T00:00:00Z"),
      },
    });
  await v(policy.id, 1, "baseline", carol.id, {});
  await v(policy.id, 2, "", carol.id, {});
  await v(quiet.id, 1, "no audit on ws-2", carol.id, { audit: { enabled: false } });
  await db().policyAssignment.create({ data: { orgId, policyId: quiet.id, scope: "device", deviceId: ws2.id } });

  const rows: AuditRow[] = [];
  const admin = (ts: string, action: string, o: Partial<AuditRow> = {}): AuditRow => ({
    ts: t(ts),
    category: "admin",
    type: `admin.${action}`,
    action,
    outcome: "success",
    actorType: "user",
    actorId: carol.id,
    actorLabel: carol.email,
    ...o,
  });
  rows.push(
    admin("2026-03-05T00:00:00Z", "user.mfa.enable", {
      actorId: bob.id,
      targetType: "user",
      targetId: bob.id,
      targetLabel: bob.email,
    }),
    admin("2026-03-10T00:00:00Z", "user.deactivate", {
      targetType: "user",
      targetId: dave.id,
      targetLabel: dave.email,
    }),
    admin("2026-03-12T00:00:00Z", "auth.signin", { actorId: dave.id, actorLabel: dave.email }),
    admin("2026-03-13T00:00:00Z", "user.role.change", {
      targetType: "user",
      targetId: carol.id,
      targetLabel: carol.email,
      before: { role: "admin" },
      after: { role: "owner" },
    }),
    admin("2026-03-03T00:00:00Z", "policy.publish", {
      actorId: mallory.id,
      targetType: "policy",
      targetId: policy.id,
      after: { publishedVersion: 1 },
      data: { note: "baseline" },
    }),
    admin("2026-03-04T00:00:00Z", "policy.publish", {
      targetType: "policy",
      targetId: policy.id,
      after: { publishedVersion: 2 },
      data: { note: "" },
    }),
    // at the exclusive end and just before the start: not in March
    admin("2026-04-01T00:00:00Z", "policy.publish", {
      targetType: "policy",
      targetId: policy.id,
      after: { publishedVersion: 2 },
    }),
    admin("2026-02-28T23:59:59.999Z", "auth.signin", { actorId: dave.id }),
  );
  await db().$transaction((tx) => appendAuditEvents(tx, orgId, rows));
  const agent = (ts: string, o: Partial<AuditRow> = {}): AuditRow => ({
    ts: t(ts),
    category: "agent",
    type: "policy_decision",
    outcome: "allow",
    actorType: "device",
    actorId: ws1.id,
    deviceId: ws1.id,
    ...o,
  });
  await db().$transaction((tx) =>
    appendAuditEvents(
      tx,
      orgId,
      [
        agent("2026-03-02T00:00:00Z"),
        agent("2026-03-20T00:00:00Z", { category: "integrity", type: "integrity_gap", outcome: "failure" }),
      ],
      laneOf(ws1.id),
    ),
  );
  return { orgId, carol, mallory, bob, dave, ws1, ws2, policy };
}

export const MARCH = { from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-04-01T00:00:00Z") };
