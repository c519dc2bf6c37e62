import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { can, type TPermission } from "@/server/auth/permissions";
import { resolveSession, type SessionUser, sessionIdFromCookies } from "@/server/auth/session";

/** For server components: the signed-in user, or a redirect to the sign-in page. */
export async function currentUser(): Promise<SessionUser> {
  const jar = await cookies();
  const header = jar
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  const sid = await sessionIdFromCookies(header);
  const user = sid ? await resolveSession(sid) : null;
  if (!user) {
    const h = await headers();
    const next = h.get("x-pathname") ?? "/";
    redirect(`/signin?next=${encodeURIComponent(next)}`);
  }
  return user;
}

/** A page for a permission the user lacks shows a 403 page instead of its content. */
export async function requirePage(permission: TPermission): Promise<SessionUser> {
  const u = await currentUser();
  if (!can(u.role, permission)) redirect("/forbidden");
  return u;
}
