import { type AuditMeta, recordAuditNow } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import { AGENT_API } from "./constants";
import { bodyHash, deviceIdOf, verifyDeviceJwt } from "./device-jwt";

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

  const rows = await db().$queryRaw<(AuthedDevice & { publicKey: string; revokedAt: Date | null })[]>`
    SELECT d."id", d."orgId", d."hostname", d."groupId", d."publicKey", d."revokedAt", d."bundleVersion",
           d."bundleHash", d."bundleGeneration", d."bundleKeyId", d."bundleIssuedAt",
           coalesce(d."knownKeyIds", ARRAY[]::text[]) AS "knownKeyIds", o."policyGeneration"
    FROM "Device" d JOIN "Org" o ON o."id" = d."orgId" WHERE d."id" = ${deviceId}::uuid`;
  const row = rows[0];
  if (!row) throw unauthenticated("unknown_device", "Unknown device");

  const result = verifyDeviceJwt(token, {
    publicKey: row.publicKey,
    deviceId,
    method: req.method,
    path: new URL(req.url).pathname,
    bodyHash: bodyHash(body),
  });
  if (!result.ok) throw unauthenticated(result.reason, `Device token refused: ${result.message}`);

  const deviceMeta: AuditMeta = { ...meta, actor: { type: "device", id: row.id, label: row.hostname } };
  const refuse = async (reason: string, message: string) => {
    await recordAuditNow(row.orgId, deviceMeta, {
      action: "device.request",
      outcome: "denied",
      target: { type: "device", id: row.id, label: row.hostname },
      data: { reason, method: req.method, path: new URL(req.url).pathname },
    });
    return unauthenticated(reason, message);
  };
  if (row.revokedAt) throw await refuse("device_revoked", "This device has been revoked");

  const expiresAt = new Date((result.claims.exp + AGENT_API.clockSkewSeconds) * 1000);
  const inserted = await db().$executeRaw`
    INSERT INTO "DeviceNonce" ("deviceId", "jti", "expiresAt") VALUES (${row.id}::uuid, ${result.claims.jti}, ${expiresAt})
    ON CONFLICT DO NOTHING`;
  if (inserted === 0) throw await refuse("replay", "This request was already received (replayed jti)");

  const { publicKey: _pk, revokedAt: _r, ...device } = row;
  return device;
}
