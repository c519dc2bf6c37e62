"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { ApiError, api } from "@/lib/api";
import { ROLE_LABELS } from "@/server/auth/permissions";
import type { TUserView } from "@/server/users/present";
import { canManage, may, type Viewer } from "./access";
import { RoleBadge, StatusBadges } from "./badges";
import { LoadError, When } from "./ui";
import { ProfileForm, RoleForm } from "./user-forms";
import { UserGroups } from "./user-groups";
import { UserStatusActions } from "./user-status-actions";

export const userKey = (id: string) => ["user", id] as const;

export function UserDetail({ id, viewer }: { id: string; viewer: Viewer }) {
  const q = useQuery({
    queryKey: userKey(id),
    queryFn: () => api<TUserView>(`/api/v1/users/${encodeURIComponent(id)}`),
  });
  const back = (
    <p>
      <Link href="/users">← All users</Link>
    </p>
  );
  if (q.isPending) {
    return (
      <>
        {back}
        <div className="loading" aria-busy="true">
          Loading user…
        </div>
      </>
    );
  }
  if (q.isError) {
    return (
      <>
        {back}
        <h1>User</h1>
        <LoadError
          error={q.error}
          retry={q.error instanceof ApiError && q.error.status === 404 ? undefined : () => q.refetch()}
        />
      </>
    );
  }
  const u = q.data;
  const self = u.id === viewer.id;
  const manageable = canManage(viewer, u);
  const editable = may(viewer, "user.update") && (self || manageable);
  return (
    <>
      {back}
      <div className="spread">
        <div>
          <h1 style={{ marginBottom: 4 }}>{u.name}</h1>
          <div className="row" style={{ gap: 8 }}>
            <span className="mono">{u.email}</span>
            <RoleBadge role={u.role} />
            <StatusBadges user={u} />
          </div>
        </div>
        {manageable && <UserStatusActions user={u} viewer={viewer} />}
      </div>

      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(340px, 1fr))", gap: 16 }}>
        <section className="panel" aria-labelledby="profile-h">
          <h2 id="profile-h">Profile</h2>
          {editable ? (
            <ProfileForm key={u.id} user={u} />
          ) : (
            <dl>
              <dt className="muted">Name</dt>
              <dd>{u.name}</dd>
              <dt className="muted">Email</dt>
              <dd className="mono">{u.email}</dd>
            </dl>
          )}
        </section>
        <section className="panel" aria-labelledby="access-h">
          <h2 id="access-h">Access</h2>
          {may(viewer, "user.role.assign") && manageable ? (
            <RoleForm key={u.id} user={u} viewer={viewer} />
          ) : (
            <p>
              Role: <strong>{ROLE_LABELS[u.role]}</strong>
              {self && <span className="muted"> (you cannot change your own role)</span>}
            </p>
          )}
          <dl style={{ display: "grid", gridTemplateColumns: "auto 1fr", gap: "4px 12px", margin: "16px 0 0" }}>
            <dt className="muted">Sign-in</dt>
            <dd style={{ margin: 0 }}>{u.source === "local" ? "Console account" : `Single sign-on (${u.source})`}</dd>
            <dt className="muted">Two-factor</dt>
            <dd style={{ margin: 0 }}>{u.mfaEnabled ? "Enabled" : "Not set up"}</dd>
            <dt className="muted">Last sign-in</dt>
            <dd style={{ margin: 0 }}>
              <When iso={u.lastLoginAt} />
            </dd>
            <dt className="muted">Created</dt>
            <dd style={{ margin: 0 }}>
              <When iso={u.createdAt} />
            </dd>
            {u.deactivatedAt && (
              <>
                <dt className="muted">Deactivated</dt>
                <dd style={{ margin: 0 }}>
                  <When iso={u.deactivatedAt} />
                </dd>
              </>
            )}
          </dl>
        </section>
      </div>
      <UserGroups user={u} viewer={viewer} />
    </>
  );
}
