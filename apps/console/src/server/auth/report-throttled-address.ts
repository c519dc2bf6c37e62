import { db } from "../db";
import { notifyUser } from "../notices/notify-user";
import { FREE_FAILURES } from "./sign-in-throttle";

interface ThrottledUser {
  id: string;
  orgId: string;
  lockedUntil: Date | null;
}

/**
 * Marks the account as throttled somewhere (admins see it, and may clear it) and, the first time
 * an address is throttled, tells the account's owner where the failures come from.
 */
export async function reportThrottledAddress(
  user: ThrottledUser,
  ip: string | null,
  failures: number,
  blockedUntil: Date,
): Promise<void> {
  await db().user.updateMany({
    where: { id: user.id, OR: [{ lockedUntil: null }, { lockedUntil: { lt: blockedUntil } }] },
    data: { lockedUntil: blockedUntil },
  });
  if (failures !== FREE_FAILURES + 1) return;
  await notifyUser(db(), user.orgId, user.id, {
    kind: "security.signin_failures",
    title: "Repeated failed sign-ins to your account",
    body:
      `${failures} wrong passwords for your account came from ${ip ?? "an unknown address"}; ` +
      "sign-in from there is slowed down. If this was not you, change your password and turn on two-factor authentication.",
    link: "/profile",
  });
}
