import type { AuthedDevice } from "../agent/authenticate-device";
import { db } from "../db";
import { notFound } from "../http/errors";
import { waitForApprovalChange } from "./approval-notify";
import { expireApprovalRequests } from "./expire-approval-requests";
import { presentRequest } from "./present";
import type { TWaitApprovalInput } from "./schemas";

/** A wake-up is a hint; the database is re-read at least this often while waiting. */
const RECHECK_MS = 5_000;

/**
 * The agent's long-poll: answers as soon as the device's request is no longer pending (decided or
 * expired), or after waitSeconds with it still pending. Only the device that asked may wait on it.
 */
export async function waitApprovalRequest(device: AuthedDevice, input: TWaitApprovalInput) {
  const until = Date.now() + input.waitSeconds * 1000;
  for (;;) {
    const r = await db().approvalRequest.findFirst({
      where: { id: input.id, orgId: device.orgId, deviceId: device.id },
      include: { decisions: { orderBy: { createdAt: "asc" } } },
    });
    if (!r) throw notFound("Approval request");
    if (r.status === "pending" && r.expiresAt <= new Date()) {
      await expireApprovalRequests(device.orgId);
      continue;
    }
    const left = until - Date.now();
    if (r.status !== "pending" || left <= 0) return presentRequest(r);
    await waitForApprovalChange(r.id, Math.min(left, RECHECK_MS, Math.max(1, r.expiresAt.getTime() - Date.now())));
  }
}
