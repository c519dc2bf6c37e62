/**
 * Roles and their permissions (`resource.action`). This table is the whole authorization model:
 * the guard checks it on every route and action, and the role x permission matrix test proves it.
 * Documented in docs/roles.md.
 */
export const ROLES = ["owner", "admin", "security_admin", "auditor", "helpdesk", "viewer"] as const;
export type TRole = (typeof ROLES)[number];

export const ROLE_LABELS: Record<TRole, string> = {
  owner: "Owner",
  admin: "Admin",
  security_admin: "Security admin",
  auditor: "Auditor",
  helpdesk: "Helpdesk",
  viewer: "Viewer",
};

/** Higher rank can manage lower; nobody can grant a role above their own. */
export const ROLE_RANK: Record<TRole, number> = {
  owner: 100,
  admin: 80,
  security_admin: 60,
  auditor: 40,
  helpdesk: 30,
  viewer: 10,
};

export const PERMISSIONS = [
  "dashboard.read",
  "user.read",
  "user.create",
  "user.update",
  "user.role.assign",
  "user.deactivate",
  "user.unlock",
  "group.read",
  "group.create",
  "group.update",
  "group.delete",
  "group.member.manage",
  "audit.read",
  "audit.export",
  "policy.read",
  "policy.write",
  "policy.publish",
  "policy.assign",
  "device.read",
  "device.revoke",
  "enrollment.manage",
  "signingkey.rotate",
  "settings.read",
  "settings.update",
  "idp.manage",
  /** Who may change how people sign in: create, change or delete an IdP, relax SSO settings. */
  "idp.configure",
  /** SCIM provisioning: its token (create, rotate, revoke) and settings. */
  "scim.manage",
  "compliance.read",
  "compliance.export",
  "approval.read",
  "approval.decide",
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

const ALL: readonly TPermission[] = PERMISSIONS;
/** Owner-only: changing who the console trusts to say who someone is. */
const OWNER_ONLY: readonly TPermission[] = ["idp.configure"];

export const ROLE_PERMISSIONS: Record<TRole, readonly TPermission[]> = {
  owner: ALL,
  admin: ALL.filter((p) => !OWNER_ONLY.includes(p)),
  security_admin: [
    "dashboard.read",
    "user.read",
    "group.read",
    "audit.read",
    "audit.export",
    "policy.read",
    "policy.write",
    "policy.publish",
    "policy.assign",
    "device.read",
    "device.revoke",
    "enrollment.manage",
    "signingkey.rotate",
    "settings.read",
    "compliance.read",
    "compliance.export",
    "approval.read",
    "approval.decide",
  ],
  auditor: [
    "dashboard.read",
    "user.read",
    "group.read",
    "audit.read",
    "audit.export",
    "policy.read",
    "device.read",
    "settings.read",
    "compliance.read",
    "compliance.export",
    "approval.read",
  ],
  helpdesk: [
    "dashboard.read",
    "user.read",
    "user.update",
    "user.unlock",
    "user.deactivate",
    "group.read",
    "group.member.manage",
    "device.read",
  ],
  viewer: ["dashboard.read", "user.read", "group.read", "policy.read", "device.read"],
};

export function can(role: TRole, permission: TPermission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
