import { Prisma } from "@luminous/db";
import { type AuditMeta, recordAuditNow } from "../audit/record-audit";
import { db, pgPool } from "../db";
import { AppError } from "../http/errors";
import { AGENT_API } from "./constants";
import { bodyHash, type DeviceJwtClaims, deviceIdOf, verifyDeviceJwt } from "./device-jwt";

/** What the agent routes know about the calling device after authentication (one indexed read). */
export interface AuthedDevice {
  id: string;
  orgId: string;
  hostname: string;
  groupId: string | null;
  bundleVersion: number;
  bundleHash: string | null;
  bundleGeneration: number | null;
  bundleKeyId: string | null;
  bundleIssuedAt: Date | null;
  knownKeyIds: string[];
  policyGeneration: number;
}

type DeviceRow = AuthedDevice & { publicKey: string; revokedAt: Date | null };

const DEVICE_COLUMNS = Prisma.sql`d."id", d."orgId", d."hostname", d."groupId", d."publicKey", d."revokedAt",
  d."bundleVersion", d."bundleHash", d."bundleGeneration", d."bundleKeyId", d."bundleIssuedAt",
  coalesce(d."knownKeyIds", ARRAY[]::text[]) AS "knownKeyIds", o."policyGeneration"`;

// One round trip: record the nonce, read the device (revocation, bundle state) and its org's generation.
const FAST_AUTH_SQL = `WITH n AS (
    INSERT INTO "DeviceNonce" ("deviceId", "jti", "expiresAt") VALUES ($1::uuid, $2, $3) ON CONFLICT DO NOTHING RETURNING 1
  )
  SELECT d."id", d."orgId", d."hostname", d."groupId", d."publicKey", d."revokedAt", d."bundleVersion", d."bundleHash",
         d."bundleGeneration", d."bundleKeyId", d."bundleIssuedAt", coalesce(d."knownKeyIds", ARRAY[]::text[]) AS "knownKeyIds",
         o."policyGeneration", EXISTS (SELECT 1 FROM n) AS "fresh"
  FROM "Device" d JOIN "Org" o ON o."id" = d."orgId" WHERE d."id" = $1::uuid`;

/** Public keys of devices seen by this process (immutable per device id; bounded, oldest first out). */
const deviceKeys = new Map<string, string>();
const DEVICE_KEYS_MAX = 100_000;
function rememberDeviceKey(deviceId: string, publicKey: string): void {
  if (deviceKeys.size >= DEVICE_KEYS_MAX) deviceKeys.delete(deviceKeys.keys().next().value as string);
  deviceKeys.set(deviceId, publicKey);
}

function nonceExpiry(claims: DeviceJwtClaims): Date {
  return new Date((claims.exp + AGENT_API.clockSkewSeconds) * 1000);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unauthenticated = (reason: string, message: string) => new AppError("unauthenticated", message, { reason });

/**
 * Authenticates `Authorization: Device <JWT>`: verifies the token with the device's stored public
 * key, binds it to this exact request (method, path, body hash), refuses revoked devices and
 * replayed jtis. Refusals after a valid signature are audited (the device is known for sure then).
 */
export async function authenticateDevice(
  req: Request,
  body: string | Uint8Array,
  meta: AuditMeta,
): Promise<AuthedDevice> {
  const auth = req.headers.get("authorization") ?? "";
  const m = /^Device\s+([A-Za-z0-9_.-]+)$/.exec(auth);
  if (!m) throw unauthenticated("missing_credentials", "Authorization: Device <token> required");
  const token = m[1]!;
  const deviceId = deviceIdOf(token);
  if (!deviceId || !UUID_RE.test(deviceId)) throw unauthenticated("malformed", "Malformed device token");

  const path = new URL(req.url).pathname;
  const verify = (publicKey: string) =>
    verifyDeviceJwt(token, { publicKey, deviceId, method: req.method, path, bodyHash: bodyHash(body) });

  // Hot path: a device's public key never changes, so a known device's token is verified before
  // touching the database, and its nonce is recorded and its row read in ONE round trip. Revocation
  // and replay are still decided from the database on every request.
  let row: DeviceRow | undefined;
  let fresh: boolean | undefined;
  let claims: DeviceJwtClaims;
  const knownKey = deviceKeys.get(deviceId);
  if (knownKey) {
    const result = verify(knownKey);
    if (!result.ok) throw unauthenticated(result.reason, `Device token refused: ${result.message}`);
    claims = result.claims;
    const { rows } = await pgPool().query<DeviceRow & { fresh: boolean }>({
      name: "agent-device-auth",
      text: FAST_AUTH_SQL,
      values: [deviceId, claims.jti, nonceExpiry(claims)],
    });
    row = rows[0];
    fresh = rows[0]?.fresh;
    if (!row) {
      deviceKeys.delete(deviceId);
      throw unauthenticated("unknown_device", "Unknown device");
    }
  } else {
    const rows = await db().$queryRaw<DeviceRow[]>`
      SELECT ${DEVICE_COLUMNS} FROM "Device" d JOIN "Org" o ON o."id" = d."orgId" WHERE d."id" = ${deviceId}::uuid`;
    row = rows[0];
    if (!row) throw unauthenticated("unknown_device", "Unknown device");
    const result = verify(row.publicKey);
    if (!result.ok) throw unauthenticated(result.reason, `Device token refused: ${result.message}`);
    claims = result.claims;
    rememberDeviceKey(deviceId, row.publicKey);
  }
  const found = row;

  const deviceMeta: AuditMeta = { ...meta, actor: { type: "device", id: found.id, label: found.hostname } };
  const refuse = async (reason: string, message: string) => {
    await recordAuditNow(found.orgId, deviceMeta, {
      action: "device.request",
      outcome: "denied",
      target: { type: "device", id: found.id, label: found.hostname },
      data: { reason, method: req.method, path },
    });
    return unauthenticated(reason, message);
  };
  if (found.revokedAt) throw await refuse("device_revoked", "This device has been revoked");

  if (fresh === undefined) {
    const inserted = await db().$executeRaw`
      INSERT INTO "DeviceNonce" ("deviceId", "jti", "expiresAt") VALUES (${found.id}::uuid, ${claims.jti}, ${nonceExpiry(claims)})
      ON CONFLICT DO NOTHING`;
    fresh = inserted > 0;
  }
  if (!fresh) throw await refuse("replay", "This request was already received (replayed jti)");

  const { publicKey: _pk, revokedAt: _r, fresh: _f, ...device } = found as DeviceRow & { fresh?: boolean };
  return device;
}
