import type { Prisma } from "@luminous/db";
import { AGENT_API } from "../agent/constants";

/**
 * Connectivity from the last check-in, in units of the agents' poll interval (60 s):
 * - online: checked in within 3 intervals (3 min): tolerates the ±10 % jitter and one lost poll;
 * - stale: within 60 intervals (1 h): several polls missed (sleeping laptop, network trouble, backoff,
 *   which caps at 10 intervals);
 * - offline: longer than that, or never checked in; revoked devices are "revoked" whatever their last check-in.
 */
export const STATUS_THRESHOLDS = {
  onlineSeconds: 3 * AGENT_API.pollIntervalSeconds,
  staleSeconds: 60 * AGENT_API.pollIntervalSeconds,
} as const;

export type DeviceStatus = "online" | "stale" | "offline" | "revoked";

export function deviceStatus(d: { lastSeenAt: Date | null; revokedAt: Date | null }, now = Date.now()): DeviceStatus {
  if (d.revokedAt) return "revoked";
  if (!d.lastSeenAt) return "offline";
  const age = (now - d.lastSeenAt.getTime()) / 1000;
  if (age <= STATUS_THRESHOLDS.onlineSeconds) return "online";
  if (age <= STATUS_THRESHOLDS.staleSeconds) return "stale";
  return "offline";
}

/** SQL-side equivalent of deviceStatus, for filtering lists. */
export function statusWhere(status: DeviceStatus, now = Date.now()) {
  const online = new Date(now - STATUS_THRESHOLDS.onlineSeconds * 1000);
  const stale = new Date(now - STATUS_THRESHOLDS.staleSeconds * 1000);
  switch (status) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "online":
      return { revokedAt: null, lastSeenAt: { gte: online } };
    case "stale":
      return { revokedAt: null, lastSeenAt: { lt: online, gte: stale } };
    case "offline":
      return { revokedAt: null, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: stale } }] };
  }
}

export type PolicySync = "up_to_date" | "behind" | "never_synced";

/** Whether the agent applied the newest bundle the server has (or would now compile) for it. */
export function policySync(applied: number | null, latest: number): PolicySync {
  if (applied === null) return "never_synced";
  return applied >= latest ? "up_to_date" : "behind";
}

/**
 * Devices whose policy needs attention (not revoked): "behind" has not applied the newest bundle
 * issued to it (or never applied one); "expired" holds a bundle issued longer ago than its
 * lifetime, so its agent has frozen on the last policy it had. The dashboard counts the same.
 */
export function devicePolicyWhere(
  policy: "behind" | "expired",
  bundleVersion: Prisma.FieldRef<"Device", "Int">,
  now = Date.now(),
): Prisma.DeviceWhereInput {
  if (policy === "expired")
    return { revokedAt: null, bundleIssuedAt: { lt: new Date(now - AGENT_API.bundleTtlSeconds * 1000) } };
  return { revokedAt: null, OR: [{ appliedPolicyVersion: null }, { appliedPolicyVersion: { lt: bundleVersion } }] };
}
