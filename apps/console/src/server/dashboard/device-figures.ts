import { AGENT_API } from "../agent/constants";
import { db } from "../db";
import { STATUS_THRESHOLDS } from "../devices/device-status";

export interface TDeviceFigures {
  total: number;
  online: number;
  stale: number;
  offline: number;
  revoked: number;
  /** Not revoked, and has not applied the newest bundle issued to it (or never applied one). */
  policyBehind: number;
  /** Not revoked, and its newest bundle is past expiry: the agent has frozen on its last policy. */
  policyExpired: number;
}

/**
 * The fleet now, counted in one pass over the org's devices with the same thresholds as the
 * devices list (deviceStatus / statusWhere) and its policy filters (devicePolicyWhere).
 */
export async function deviceFigures(orgId: string, now = new Date()): Promise<TDeviceFigures> {
  const online = new Date(now.getTime() - STATUS_THRESHOLDS.onlineSeconds * 1000);
  const stale = new Date(now.getTime() - STATUS_THRESHOLDS.staleSeconds * 1000);
  const expiredIssued = new Date(now.getTime() - AGENT_API.bundleTtlSeconds * 1000);
  const [r] = await db().$queryRaw<Record<keyof TDeviceFigures, bigint>[]>`
    SELECT count(*) AS total,
      count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."lastSeenAt" >= ${online}) AS online,
      count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."lastSeenAt" < ${online} AND d."lastSeenAt" >= ${stale}) AS stale,
      count(*) FILTER (WHERE d."revokedAt" IS NULL AND (d."lastSeenAt" IS NULL OR d."lastSeenAt" < ${stale})) AS offline,
      count(*) FILTER (WHERE d."revokedAt" IS NOT NULL) AS revoked,
      count(*) FILTER (WHERE d."revokedAt" IS NULL
        AND (d."appliedPolicyVersion" IS NULL OR d."appliedPolicyVersion" < d."bundleVersion")) AS "policyBehind",
      count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."bundleIssuedAt" < ${expiredIssued}) AS "policyExpired"
    FROM "Device" d WHERE d."orgId" = ${orgId}::uuid`;
  const n = (k: keyof TDeviceFigures) => Number(r?.[k] ?? 0);
  return {
    total: n("total"),
    online: n("online"),
    stale: n("stale"),
    offline: n("offline"),
    revoked: n("revoked"),
    policyBehind: n("policyBehind"),
    policyExpired: n("policyExpired"),
  };
}
