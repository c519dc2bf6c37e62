import type { Role } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { db } from "../db";
import { ensureSigningKey } from "../signing-keys/ensure-signing-key";

export interface NewOrg {
  name: string;
  slug: string;
  domains?: string[];
  owner: { email: string; name: string; password: string };
}

/**
 * Creates an org with its first owner. Used by the setup/demo command and by tests; there is no
 * default password anywhere: the caller supplies one (generated and printed once, or from env).
 */
export async function createOrgWithOwner(input: NewOrg) {
  const passwordHash = await hashPassword(input.owner.password);
  return db().$transaction(async (tx) => {
    const org = await tx.org.create({ data: { name: input.name, slug: input.slug, domains: input.domains ?? [] } });
    const owner = await tx.user.create({
      data: {
        orgId: org.id,
        email: input.owner.email.toLowerCase(),
        name: input.owner.name,
        role: "owner",
        passwordHash,
      },
    });
    await tx.org.update({ where: { id: org.id }, data: { breakGlassUserId: owner.id } });
    // The org's policy-signing key is born with it (its fingerprint goes into enrollment tokens).
    await ensureSigningKey(tx, org.id);
    await recordAudit(
      tx,
      org.id,
      { actor: { type: "system", label: "setup" } },
      {
        action: "org.create",
        outcome: "success",
        target: { type: "org", id: org.id, label: org.name },
        after: { owner: owner.email },
      },
    );
    return { org, owner };
  });
}

export async function addUser(orgId: string, u: { email: string; name: string; role: Role; password?: string }) {
  return db().user.create({
    data: {
      orgId,
      email: u.email.toLowerCase(),
      name: u.name,
      role: u.role,
      passwordHash: u.password ? await hashPassword(u.password) : null,
    },
  });
}
