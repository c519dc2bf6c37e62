import type { User } from "@luminous/db";
import { shownEmail } from "./held-email";

/** The user as the API and the UI see it: never the password hash, TOTP secret or codes. */
export function presentUser(u: User & { memberships?: { group: { id: string; name: string } }[] }) {
  return {
    id: u.id,
    email: shownEmail(u),
    name: u.name,
    role: u.role,
    status: u.status,
    source: u.source,
    mfaEnabled: Boolean(u.totpEnabledAt),
    /** Password sign-in is being throttled from at least one address (not a lock for everyone). */
    locked: Boolean(u.lockedUntil && u.lockedUntil > new Date()),
    invitePending: Boolean(u.inviteTokenHash && !u.passwordHash),
    /** An email change the new address has not confirmed yet (until it expires). */
    pendingEmail:
      u.pendingEmail && u.emailChangeExpiresAt && u.emailChangeExpiresAt > new Date() ? u.pendingEmail : null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
    groups: u.memberships?.map((m) => ({ id: m.group.id, name: m.group.name })),
  };
}
export type TUserView = ReturnType<typeof presentUser>;
