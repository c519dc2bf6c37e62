import { decide } from "@luminous/policy";
import type { AuthedDevice } from "../agent/authenticate-device";
import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";
import { AppError } from "../http/errors";
import { approvalActionHash } from "./action-hash";
import { notifyApprovalEvent, notifyApprovalRequested } from "./approval-notify";
import { presentRequest } from "./present";
import { recordApprovalEvent, recordApprovalEventNow, requestFacts } from "./record-approval-event";
import type { TOpenApprovalInput } from "./schemas";

/**
 * Opens an approval request for a device. The console decides again with the device's current
 * effective policy: an action it now denies is refused (and recorded), and require_mfa wins over the
 * agent's require_approval. The approval rules in force are stored with the request, and everyone
 * who may decide it gets an in-console notice. Asking again
 * for the same action while a request is pending, or while an approval for it is still unused and
 * valid, returns that request instead of opening another.
 */
export async function openApprovalRequest(device: AuthedDevice, input: TOpenApprovalInput, meta: AuditMeta) {
  const { orgId } = device;
  const { policy } = await compileDevicePolicy(orgId, device);
  const now = new Date();
  const actionHash = approvalActionHash({ deviceId: device.id, ...input });
  const label = { id: "-", action: input.action, localUser: input.user };

  const current = decide(policy, input);
  if (current.decision === "deny") {
    await recordApprovalEventNow(orgId, meta, "request", label, {
      reason: "policy_denies",
      rule: current.rule,
      packages: input.packages,
      services: input.services,
    });
    throw new AppError(
      "conflict",
      `The console's current policy denies this action (${current.rule}): ${current.reason}`,
      {
        reason: "policy_denies",
      },
    );
  }
  const kind = current.decision === "require_mfa" ? "require_mfa" : input.decision;

  const existing = await db().approvalRequest.findFirst({
    where: {
      orgId,
      deviceId: device.id,
      actionHash,
      breakGlass: false,
      OR: [
        { status: "pending", expiresAt: { gt: now } },
        { status: "approved", usedAt: null, validUntil: { gt: now } },
      ],
    },
    orderBy: { createdAt: "desc" },
    include: { decisions: true },
  });
  if (existing) return { request: presentRequest(existing), reused: true };

  const rules = policy.approvals;
  const created = await db().$transaction(async (tx) => {
    const r = await tx.approvalRequest.create({
      data: {
        orgId,
        deviceId: device.id,
        kind,
        localUser: input.user,
        sentence: input.sentence ?? null,
        command: input.command ?? null,
        action: input.action,
        packages: input.packages,
        services: input.services,
        rule: kind === input.decision ? input.rule : current.rule,
        policyVersion: input.policyVersion,
        reason: input.reason ?? null,
        actionHash,
        rules,
        expiresAt: new Date(now.getTime() + rules.expire_after_seconds * 1000),
      },
      include: { decisions: true },
    });
    await recordApprovalEvent(tx, orgId, meta, "request", r, "success", {
      kind,
      ...requestFacts(r, device.hostname),
      expiresAt: r.expiresAt.toISOString(),
    });
    await notifyApprovalRequested(tx, orgId, r, device.hostname, rules);
    await notifyApprovalEvent(tx, "requested", r);
    return r;
  });
  return { request: presentRequest(created), reused: false };
}
