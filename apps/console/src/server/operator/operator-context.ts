import os from "node:os";
import type { AuditMeta } from "../audit/record-audit";
import { db } from "../db";
import { AppError } from "../http/errors";
import type { Ctx } from "../http/guard";

/** Who the console admin CLI acts as in the audit trail: the system, named with the OS user running it. */
export function operatorMeta(): AuditMeta {
  let who = "unknown";
  try {
    who = os.userInfo().username;
  } catch {}
  return { actor: { type: "system", label: `admin CLI (${who}@${os.hostname()})` }, requestId: "admin-cli" };
}

/** The org by id or slug. */
export async function findOrg(idOrSlug: string) {
  const org = await db().org.findFirst({
    where: /^[0-9a-f-]{36}$/i.test(idOrSlug) ? { id: idOrSlug } : { slug: idOrSlug },
  });
  if (!org) throw new AppError("not_found", `No organisation ${idOrSlug}`);
  return org;
}

/** A user by email (emails are unique across orgs), as the context their own operations take. */
export async function userContext(email: string): Promise<Ctx> {
  const u = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!u) throw new AppError("not_found", `No user ${email}`);
  return {
    orgId: u.orgId,
    principal: {
      orgId: u.orgId,
      userId: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      via: "session",
      sessionId: null,
      tokenId: null,
    },
    meta: operatorMeta(),
    requestId: "admin-cli",
  };
}
