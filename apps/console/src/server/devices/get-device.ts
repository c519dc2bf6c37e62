import { policyHash, serializePolicy } from "@luminous/policy";
import { revokeDevice } from "../agent/revoke-device";
import { db } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";
import { notFound } from "../http/errors";
import type { Ctx } from "../http/guard";
import { isUuid } from "../policies/load-policy";
import { presentAssignments } from "../policies/present";
import { deviceStatus, policySync } from "./device-status";

async function loadDevice(ctx: Ctx, id: string) {
  const d = isUuid(id)
    ? await db().device.findFirst({
        where: { id, orgId: ctx.orgId },
        include: { group: { select: { id: true, name: true } } },
      })
    : null;
  if (!d) throw notFound("Device");
  return d;
}

/** The device's effective policy as its next bundle would carry it, with the layers it came from. */
export async function getDeviceEffectivePolicy(ctx: Ctx, id: string) {
  const d = await loadDevice(ctx, id);
  const compiled = await compileDevicePolicy(ctx.orgId, { id: d.id, groupId: d.groupId });
  const hash = policyHash(compiled.policy);
  return {
    policy: compiled.policy,
    yaml: serializePolicy(compiled.policy, "yaml"),
    hash,
    sources: compiled.sources,
    locked: compiled.locked,
    rejected: compiled.rejected,
    /** Whether the device's current bundle already carries exactly this policy. */
    inBundle: d.bundleHash === hash,
  };
}

/** Facts, sync state, bundle errors and every policy that applies to the device (org, its group, itself). */
export async function getDevice(ctx: Ctx, id: string) {
  const d = await loadDevice(ctx, id);
  const [assignments, effective, revokedBy] = await Promise.all([
    db().policyAssignment.findMany({
      where: {
        orgId: ctx.orgId,
        OR: [
          { scope: "org" },
          { scope: "device", deviceId: d.id },
          ...(d.groupId ? [{ scope: "group", groupId: d.groupId }] : []),
        ],
      },
      include: {
        policy: {
          select: {
            id: true,
            name: true,
            versions: {
              where: { publishedAt: { not: null } },
              orderBy: { number: "desc" },
              take: 1,
              select: { number: true },
            },
          },
        },
      },
    }),
    getDeviceEffectivePolicy(ctx, id),
    d.revokedById
      ? db().user.findFirst({ where: { id: d.revokedById, orgId: ctx.orgId }, select: { email: true } })
      : null,
  ]);
  const views = await presentAssignments(ctx.orgId, assignments);
  const byId = new Map(assignments.map((a) => [a.id, a.policy]));
  const latest = effective.inBundle ? d.bundleVersion : d.bundleVersion + 1;
  return {
    id: d.id,
    hostname: d.hostname,
    machineId: d.machineId,
    os: d.os,
    osVersion: d.osVersion,
    nixosVersion: d.nixosVersion,
    agentVersion: d.agentVersion,
    group: d.group,
    facts: d.facts,
    status: deviceStatus(d),
    enrolledAt: d.enrolledAt.toISOString(),
    lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
    appliedPolicyVersion: d.appliedPolicyVersion,
    latestPolicyVersion: latest,
    policySync: policySync(d.appliedPolicyVersion, latest),
    bundle: {
      version: d.bundleVersion,
      keyId: d.bundleKeyId,
      issuedAt: d.bundleIssuedAt?.toISOString() ?? null,
      knownKeyIds: d.knownKeyIds,
    },
    lastBundleError: d.lastBundleError,
    spoolSize: d.spoolSize,
    revokedAt: d.revokedAt?.toISOString() ?? null,
    revokedBy: revokedBy?.email ?? null,
    assignments: views.map((v) => {
      const p = byId.get(v.id)!;
      return { ...v, policy: { id: p.id, name: p.name, publishedVersion: p.versions[0]?.number ?? null } };
    }),
    effective,
  };
}
export type TDeviceDetail = Awaited<ReturnType<typeof getDevice>>;

/** Revocation is enforced by the agent API on the device's next request (it checks revokedAt). */
export async function revokeDeviceById(ctx: Ctx, id: string) {
  const d = await loadDevice(ctx, id);
  await db().$transaction(async (tx) => {
    await revokeDevice(tx, ctx.orgId, d.id, ctx.meta);
    // revokeDevice records the revoker only for browser sessions; an API token acts for its user too.
    if (!d.revokedAt) await tx.device.update({ where: { id: d.id }, data: { revokedById: ctx.principal.userId } });
  });
  return getDevice(ctx, id);
}
