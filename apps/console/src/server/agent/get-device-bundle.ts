import { policyHash, type SignedBundle, signBundle } from "@luminous/policy";
import { db, type Tx } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";
import { activeSigningKey, signingKeyById } from "../signing-keys/active-signing-key";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";
import type { SigningKeyMaterial } from "../signing-keys/key-material";
import type { AuthedDevice } from "./authenticate-device";
import { AGENT_API } from "./constants";

export type BundleAnswer =
  | { notModified: true; etag: string }
  | { notModified: false; etag: string; bundle: SignedBundle };

export function etagOf(version: number, keyId: string, issuedAt: Date): string {
  return `"${version}.${keyId}.${issuedAt.getTime().toString(36)}"`;
}

export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => t.trim().replace(/^W\//, "") === etag);
}

/**
 * The device's signed bundle, or 304. The cheap path needs nothing but the authenticated device
 * row: when its bundle was compiled at the org's current policy generation, is not yet due for
 * re-issue and the agent already holds it (ETag), nothing is compiled or signed.
 */
export async function getDeviceBundle(device: AuthedDevice, ifNoneMatch: string | null): Promise<BundleAnswer> {
  const now = Date.now();
  if (
    device.bundleGeneration === device.policyGeneration &&
    device.bundleKeyId &&
    device.bundleIssuedAt &&
    now - device.bundleIssuedAt.getTime() < AGENT_API.reissueAfterSeconds * 1000
  ) {
    const etag = etagOf(device.bundleVersion, device.bundleKeyId, device.bundleIssuedAt);
    if (etagMatches(ifNoneMatch, etag)) return { notModified: true, etag };
  }
  return issueBundle(device.id, device.orgId);
}

/** Picks the key to sign with: the active key if the device trusts it, else a key it trusts, announcing the active one. */
async function chooseKey(
  tx: Tx,
  orgId: string,
  knownKeyIds: string[],
): Promise<{ key: SigningKeyMaterial; announce: { keyId: string; publicKey: string }[] }> {
  let active = await activeSigningKey(orgId, tx);
  if (!active) {
    await ensureSigningKey(tx, orgId);
    active = (await activeSigningKey(orgId, tx))!;
  }
  if (knownKeyIds.includes(active.keyId)) return { key: active, announce: [] };
  for (const keyId of [...knownKeyIds].reverse()) {
    const known = await signingKeyById(orgId, keyId, tx);
    if (known) return { key: known, announce: [{ keyId: active.keyId, publicKey: active.publicKey }] };
  }
  return { key: active, announce: [] };
}

async function issueBundle(deviceId: string, orgId: string): Promise<BundleAnswer> {
  return db().$transaction(async (tx) => {
    // Serialises concurrent polls of one device so its version stays monotonic.
    const [d] = await tx.$queryRaw<
      {
        groupId: string | null;
        bundleVersion: number;
        bundleHash: string | null;
        knownKeyIds: string[] | null;
        policyGeneration: number;
      }[]
    >`SELECT d."groupId", d."bundleVersion", d."bundleHash", d."knownKeyIds", o."policyGeneration"
      FROM "Device" d JOIN "Org" o ON o."id" = d."orgId" WHERE d."id" = ${deviceId}::uuid FOR UPDATE OF d`;
    if (!d) throw new Error("device vanished");
    const compiled = await compileDevicePolicy(orgId, { id: deviceId, groupId: d.groupId }, tx);
    const hash = policyHash(compiled.policy);
    const version = hash === d.bundleHash ? d.bundleVersion : d.bundleVersion + 1;
    const { key, announce } = await chooseKey(tx, orgId, d.knownKeyIds ?? []);
    const issuedAt = new Date();
    const expiresAt = new Date(issuedAt.getTime() + AGENT_API.bundleTtlSeconds * 1000);
    const bundle = signBundle(
      {
        orgId,
        deviceId,
        policy: compiled.policy,
        version,
        issuedAt: issuedAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        ...(announce.length ? { announcedKeys: announce } : {}),
      },
      key,
    );
    await tx.device.update({
      where: { id: deviceId },
      data: {
        bundleVersion: version,
        bundleHash: hash,
        bundleGeneration: d.policyGeneration,
        bundleKeyId: key.keyId,
        bundleIssuedAt: issuedAt,
      },
    });
    return { notModified: false, etag: etagOf(version, key.keyId, issuedAt), bundle };
  });
}
