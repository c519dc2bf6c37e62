import { type AuditMeta, recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { notFound } from "../http/errors";

/** Revokes a device: its next signed request is refused (401 device_revoked). Idempotent. */
export async function revokeDevice(tx: Tx, orgId: string, deviceId: string, meta: AuditMeta): Promise<void> {
  const d = await tx.device.findFirst({ where: { id: deviceId, orgId }, select: { hostname: true, revokedAt: true } });
  if (!d) throw notFound("Device");
  if (d.revokedAt) return;
  const revokedById = meta.actor.type === "user" ? (meta.actor.id ?? null) : null;
  await tx.device.update({ where: { id: deviceId }, data: { revokedAt: new Date(), revokedById } });
  await recordAudit(tx, orgId, meta, {
    action: "device.revoke",
    outcome: "success",
    target: { type: "device", id: deviceId, label: d.hostname },
  });
}
