import { compareWitnessed } from "../audit/compare-witnessed";
import { db } from "../db";
import type { AuthedDevice } from "./authenticate-device";
import { AGENT_API } from "./constants";
import type { THeartbeatInput } from "./schemas";

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Records what the agent reports about itself. A change in the keys it trusts (it learned a
 * rotated key from a bundle) forces its next poll to re-issue the bundle, signed by the new key.
 * Also drops the device's expired request nonces, so that table stays small without a job.
 */
export async function recordHeartbeat(
  device: AuthedDevice,
  input: THeartbeatInput,
): Promise<{ pollIntervalSeconds: number; serverTime: string }> {
  const { facts } = input;
  const keysChanged = input.knownKeyIds !== undefined && !sameSet(input.knownKeyIds, device.knownKeyIds);
  await db().device.update({
    where: { id: device.id },
    data: {
      hostname: facts.hostname,
      machineId: facts.machineId,
      os: facts.os,
      osVersion: facts.osVersion,
      nixosVersion: facts.nixosVersion,
      agentVersion: facts.agentVersion,
      facts: { ...facts, lastError: input.lastError ?? null },
      lastSeenAt: new Date(),
      appliedPolicyVersion: input.appliedPolicyVersion,
      ...(input.spoolSize !== undefined ? { spoolSize: input.spoolSize } : {}),
      ...(keysChanged ? { knownKeyIds: input.knownKeyIds, bundleGeneration: null } : {}),
    },
  });
  await db().deviceNonce.deleteMany({ where: { deviceId: device.id, expiresAt: { lt: new Date() } } });
  if (input.witnessed?.length) await compareWitnessed(device, input.witnessed);
  return { pollIntervalSeconds: AGENT_API.pollIntervalSeconds, serverTime: new Date().toISOString() };
}
