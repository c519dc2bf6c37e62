import { db } from "../db";
import { waitForNotify } from "../db-notify";

const CHANNEL = "approval_changed";

/** Wakes every node's agents waiting on this request (their long-poll re-reads it). */
export async function notifyApprovalChange(requestId: string): Promise<void> {
  await db().$executeRaw`SELECT pg_notify(${CHANNEL}, ${requestId})`;
}

export function waitForApprovalChange(requestId: string, ms: number): Promise<void> {
  return waitForNotify(CHANNEL, requestId, ms);
}
