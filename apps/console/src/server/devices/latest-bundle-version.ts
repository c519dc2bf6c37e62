import { policyHash } from "@luminous/policy";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";

interface DeviceBundleState {
  id: string;
  groupId: string | null;
  bundleVersion: number;
  bundleHash: string | null;
  bundleGeneration: number | null;
}

/**
 * The bundle version the device should hold now. When its bundle was compiled at the org's
 * current policy generation nothing changed since: that is its bundle version. Otherwise the
 * effective policy is compiled and compared with the bundle's hash, exactly as the agent API
 * does on the device's next poll (same hash -> same version, else version + 1).
 */
export async function latestBundleVersion(orgId: string, generation: number, d: DeviceBundleState): Promise<number> {
  if (d.bundleGeneration === generation && d.bundleHash) return d.bundleVersion;
  const compiled = await compileDevicePolicy(orgId, { id: d.id, groupId: d.groupId });
  return policyHash(compiled.policy) === d.bundleHash ? d.bundleVersion : d.bundleVersion + 1;
}
