import type { Prisma } from "@luminous/db";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { devicePolicyWhere, deviceStatus, policySync, statusWhere } from "./device-status";
import { latestBundleVersion } from "./latest-bundle-version";
import type { TListDevices } from "./schemas";

export async function listDevices(ctx: Ctx, q: TListDevices) {
  const where: Prisma.DeviceWhereInput = {
    orgId: ctx.orgId,
    ...(q.q ? { hostname: { contains: q.q, mode: "insensitive" } } : {}),
    ...(q.groupId ? { groupId: q.groupId } : {}),
    ...(q.status ? statusWhere(q.status) : {}),
  };
  // AND keeps the status filter's own OR (offline) apart from the policy filter's
  if (q.policy) where.AND = [devicePolicyWhere(q.policy, db().device.fields.bundleVersion)];
  const [total, rows, org] = await Promise.all([
    db().device.count({ where }),
    db().device.findMany({
      where,
      orderBy: [{ hostname: "asc" }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { group: { select: { id: true, name: true } } },
    }),
    db().org.findUniqueOrThrow({ where: { id: ctx.orgId }, select: { policyGeneration: true } }),
  ]);
  const now = Date.now();
  const items = await Promise.all(
    rows.map(async (d) => {
      const latest = await latestBundleVersion(ctx.orgId, org.policyGeneration, d);
      return {
        id: d.id,
        hostname: d.hostname,
        os: d.os,
        osVersion: d.osVersion,
        nixosVersion: d.nixosVersion,
        agentVersion: d.agentVersion,
        group: d.group,
        status: deviceStatus(d, now),
        lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
        enrolledAt: d.enrolledAt.toISOString(),
        appliedPolicyVersion: d.appliedPolicyVersion,
        latestPolicyVersion: latest,
        policySync: policySync(d.appliedPolicyVersion, latest),
        hasBundleError: Boolean(d.lastBundleError),
        revokedAt: d.revokedAt?.toISOString() ?? null,
      };
    }),
  );
  return { items, total, page: q.page, pageSize: q.pageSize };
}
export type TDeviceListItem = Awaited<ReturnType<typeof listDevices>>["items"][number];
