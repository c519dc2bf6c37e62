import Link from "next/link";
import { ROLE_LABELS, type TRole } from "@/server/auth/permissions";
import type { TUserView } from "@/server/users/present";

export function RoleBadge({ role }: { role: TRole }) {
  const tone = role === "owner" || role === "admin" ? "warn" : "neutral";
  return <span className={`badge ${tone}`}>{ROLE_LABELS[role]}</span>;
}

export function StatusBadges({ user }: { user: TUserView }) {
  return (
    <span className="row" style={{ gap: 4 }}>
      {user.status === "active" ? (
        <span className="badge ok">Active</span>
      ) : (
        <span className="badge bad">Deactivated</span>
      )}
      {user.locked && <span className="badge warn">Sign-in throttled</span>}
      {user.invitePending && <span className="badge warn">Invite pending</span>}
      {user.mfaEnabled && <span className="badge neutral">MFA</span>}
    </span>
  );
}

/** The name, email, role and status cells every user table starts with. */
export function UserCells({ user }: { user: TUserView }) {
  return (
    <>
      <td>
        <Link href={`/users/${user.id}`}>{user.name}</Link>
      </td>
      <td className="mono">{user.email}</td>
      <td>
        <RoleBadge role={user.role} />
      </td>
      <td>
        <StatusBadges user={user} />
      </td>
    </>
  );
}
