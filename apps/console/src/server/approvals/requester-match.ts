/**
 * Whether a console user is the workstation user who asked. Workstation accounts are matched by
 * name: the local part of the console email (alice@corp.example is "alice") or the console user's
 * name, case-insensitively. A match is never allowed to decide the request (no self-approval).
 */
export function isRequester(user: { email: string; name: string }, localUser: string): boolean {
  const local = localUser.trim().toLowerCase();
  if (!local) return false;
  const emailLocal = user.email.toLowerCase().split("@")[0] ?? "";
  return emailLocal === local || user.name.trim().toLowerCase() === local;
}
