import { decide } from "@luminous/policy";
import type { AuthedDevice } from "../agent/authenticate-device";
import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { compileDevicePolicy } from "../effective-policy/compile-device-policy";
import { AppError } from "../http/errors";
import { approvalActionHash } from "./action-hash";
import { notifyApprovalEvent, notifyBreakGlass } from "./approval-notify";
import { presentRequest } from "./present";
import { recordApprovalEvent, recordApprovalEventNow, requestFacts } from "./record-approval-event";
import type { TBreakGlassInput } from "./schemas";

/**
 * A device proceeded without approval in an emergency. Online, the console's current policy must
 * list the action under approvals.break_glass (else refused and recorded: the agent fails closed).
 * A report from the agent's offline spool describes something that already happened, so it is
 * always recorded, with `listed` false (and outcome failure) when the current policy does not list
 * it. Either way every approver is told and a follow-up review stays open until a person closes it.
 */
export async function recordBreakGlass(device: AuthedDevice, input: TBreakGlassInput, meta: AuditMeta) {
  const { orgId } = device;
  const seen = await db().approvalRequest.findFirst({ where: { id: input.id, orgId }, include: { decisions: true } });
  if (seen) {
    if (seen.deviceId !== device.id || !seen.breakGlass) throw new AppError("conflict", "This request id is taken");
    return { request: presentRequest(seen), reused: true };
  }
  const { policy } = await compileDevicePolicy(orgId, device);
  const current = decide(policy, input);
  const listed =
    (current.decision === "require_approval" || current.decision === "require_mfa") &&
    policy.approvals.break_glass.includes(input.action);
  const label = { id: input.id, action: input.action, localUser: input.user };
  if (!listed && !input.offline) {
    const reason = current.decision === "deny" ? "policy_denies" : "not_break_glass";
    await recordApprovalEventNow(orgId, meta, "break_glass", label, {
      reason,
      rule: current.rule,
      breakGlassReason: input.reason,
      packages: input.packages,
      services: input.services,
    });
    throw new AppError(
      "forbidden",
      current.decision === "deny"
        ? `The console's current policy denies this action (${current.rule})`
        : `The policy does not allow break-glass for ${input.action}`,
      { reason },
    );
  }
  const now = new Date();
  const occurred = new Date(input.occurredAt);
  const createdAt = occurred > now ? now : occurred;
  const rules = policy.approvals;
  const created = await db().$transaction(async (tx) => {
    const r = await tx.approvalRequest.create({
      data: {
        id: input.id,
        orgId,
        deviceId: device.id,
        kind: input.decision,
        status: "break_glass",
        breakGlass: true,
        localUser: input.user,
        sentence: input.sentence ?? null,
        command: input.command ?? null,
        action: input.action,
        packages: input.packages,
        services: input.services,
        rule: input.rule,
        policyVersion: input.policyVersion,
        reason: input.reason,
        actionHash: approvalActionHash({ deviceId: device.id, ...input }),
        rules,
        createdAt,
        expiresAt: createdAt,
        decidedAt: createdAt,
        // its use may still be reported (also after an offline stretch)
        validUntil: new Date(now.getTime() + rules.valid_for_seconds * 1000),
      },
      include: { decisions: true },
    });
    await recordApprovalEvent(tx, orgId, meta, "break_glass", r, listed ? "success" : "failure", {
      ...requestFacts(r, device.hostname),
      offline: input.offline,
      occurredAt: input.occurredAt,
      listed,
    });
    await notifyBreakGlass(tx, orgId, r, device.hostname, rules, input.offline);
    await notifyApprovalEvent(tx, "break_glass", r);
    return r;
  });
  return { request: presentRequest(created), reused: false };
}
