import type { AuthedDevice } from "../agent/authenticate-device";
import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { AppError, notFound } from "../http/errors";
import { presentRequest } from "./present";
import { recordApprovalEvent, recordApprovalEventNow } from "./record-approval-event";
import type { TReportUseInput } from "./schemas";

/**
 * Records what the device executed with an approval, which closes the record: once, only for an
 * approved request of this device, within its validity. A use outside that is refused and recorded
 * (the agent must not have proceeded). A command other than the approved one is recorded as such.
 */
export async function reportApprovalUse(device: AuthedDevice, input: TReportUseInput, meta: AuditMeta) {
  const r = await db().approvalRequest.findFirst({
    where: { id: input.id, orgId: device.orgId, deviceId: device.id },
  });
  if (!r) throw notFound("Approval request");
  const now = new Date();
  const refuse = async (reason: string, message: string) => {
    await recordApprovalEventNow(device.orgId, meta, "use", r, { reason, executedCommand: input.executedCommand });
    return new AppError("conflict", message, { reason });
  };
  // A break-glass record also ends with what was executed.
  if (r.status !== "approved" && r.status !== "break_glass") {
    throw await refuse("not_approved", `This request is ${r.status}, not approved`);
  }
  if (r.usedAt) throw await refuse("already_used", "This approval was already used");
  if (!r.validUntil || r.validUntil <= now) throw await refuse("approval_expired", "This approval is no longer valid");

  const mismatch = r.command !== null && input.executedCommand !== undefined && input.executedCommand !== r.command;
  const updated = await db().$transaction(async (tx) => {
    const u = await tx.approvalRequest.updateMany({
      where: { id: r.id, usedAt: null },
      data: {
        usedAt: now,
        useSuccess: input.success,
        executedCommand: input.executedCommand ?? r.command,
        useDetail: input.detail ?? null,
      },
    });
    if (u.count !== 1) return null;
    await recordApprovalEvent(tx, device.orgId, meta, "use", r, input.success && !mismatch ? "success" : "failure", {
      success: input.success,
      executedCommand: input.executedCommand ?? r.command,
      approvedCommand: r.command,
      commandMismatch: mismatch,
      detail: input.detail ?? null,
    });
    return tx.approvalRequest.findUniqueOrThrow({ where: { id: r.id }, include: { decisions: true } });
  });
  if (!updated) throw await refuse("already_used", "This approval was already used");
  return presentRequest(updated);
}
