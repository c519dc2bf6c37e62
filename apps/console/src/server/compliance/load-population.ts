import type { Population } from "@luminous/compliance";
import type { TPolicy } from "@luminous/policy";
import { db } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A policy document's setting, read defensively: stored documents may be partial layers. */
function setting(doc: unknown, section: "llm" | "audit", key: "allow_external" | "enabled"): boolean | undefined {
  const s = (doc as Partial<Record<string, Record<string, unknown>>> | null)?.[section];
  const v = s?.[key];
  return typeof v === "boolean" ? v : undefined;
}

/**
 * The org's users, devices (with audit.enabled and llm.allow_external of their effective policy)
 * and published policy versions, now. Devices without a device-scope assignment share their
 * group's effective policy, so it is compiled once per group.
 */
export async function loadPopulation(orgId: string, now = new Date()): Promise<Population> {
  const [users, devices, versions, deviceScoped] = await Promise.all([
    db().user.findMany({
      where: { orgId },
      orderBy: { id: "asc" },
      select: {
        id: true,
        email: true,
        role: true,
        status: true,
        source: true,
        totpEnabledAt: true,
        createdAt: true,
        deactivatedAt: true,
      },
    }),
    db().device.findMany({
      where: { orgId },
      orderBy: { id: "asc" },
      select: { id: true, hostname: true, groupId: true, enrolledAt: true, revokedAt: true, lastSeenAt: true },
    }),
    db().policyVersion.findMany({
      where: { orgId },
      orderBy: [{ policyId: "asc" }, { number: "asc" }],
      select: {
        id: true,
        policyId: true,
        policy: { select: { name: true } },
        number: true,
        authorId: true,
        authorLabel: true,
        note: true,
        createdAt: true,
        publishedAt: true,
        publishedById: true,
        document: true,
      },
    }),
    db().policyAssignment.findMany({ where: { orgId, scope: "device" }, select: { deviceId: true } }),
  ]);
  const ownAssignment = new Set(deviceScoped.map((a) => a.deviceId));
  const byGroup = new Map<string, Promise<TPolicy>>();
  const effective = (d: { id: string; groupId: string | null }): Promise<TPolicy> => {
    if (ownAssignment.has(d.id)) return compileDevicePolicy(orgId, d).then((r) => r.policy);
    const key = d.groupId ?? "";
    if (!byGroup.has(key))
      byGroup.set(
        key,
        compileDevicePolicy(orgId, d).then((r) => r.policy),
      );
    return byGroup.get(key)!;
  };
  const policies = await Promise.all(devices.map(effective));
  return {
    asOf: now.toISOString(),
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      role: u.role,
      status: u.status,
      source: u.source,
      mfa: u.totpEnabledAt !== null,
      createdAt: u.createdAt.toISOString(),
      deactivatedAt: iso(u.deactivatedAt),
    })),
    devices: devices.map((d, i) => ({
      id: d.id,
      hostname: d.hostname,
      enrolledAt: d.enrolledAt.toISOString(),
      revokedAt: iso(d.revokedAt),
      lastSeenAt: iso(d.lastSeenAt),
      auditEnabled: policies[i]!.audit.enabled,
      allowExternal: policies[i]!.llm.allow_external,
    })),
    policyVersions: versions.map((v) => ({
      id: v.id,
      policyId: v.policyId,
      policyName: v.policy.name,
      number: v.number,
      authorId: v.authorId,
      authorLabel: v.authorLabel,
      note: v.note,
      createdAt: v.createdAt.toISOString(),
      publishedAt: iso(v.publishedAt),
      publishedById: v.publishedById,
      allowExternal: setting(v.document, "llm", "allow_external") ?? false,
      auditEnabled: setting(v.document, "audit", "enabled") ?? true,
    })),
  };
}
