import type { AuditMeta } from "../audit/record-audit";
import { recordAudit } from "../audit/record-audit";
import { db } from "../db";
import type { AuthedDevice } from "./authenticate-device";
import type { TBundleRejectionInput } from "./schemas";

/** An agent refused a bundle (bad signature, unknown key, rollback, expired): kept on the device and audited. */
export async function recordBundleRejection(
  device: AuthedDevice,
  input: TBundleRejectionInput,
  meta: AuditMeta,
): Promise<void> {
  const summary = `${input.reason}: ${input.message}`.slice(0, 1000);
  await db().$transaction(async (tx) => {
    await tx.device.update({ where: { id: device.id }, data: { lastBundleError: summary } });
    await recordAudit(tx, device.orgId, meta, {
      action: "device.bundle.rejected",
      outcome: "failure",
      target: { type: "device", id: device.id, label: device.hostname },
      data: { reason: input.reason, version: input.version, keyId: input.keyId, message: input.message },
    });
  });
}
