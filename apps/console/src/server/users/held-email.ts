import { randomUUID } from "node:crypto";
import type { Prisma } from "@luminous/db";
import { AppError } from "../http/errors";

/**
 * One email is one account across the product, so sign-in by email stays unambiguous. An
 * invitation for an email whose account lives in another organisation must still look like any
 * other invitation to the inviting org (a 409 would tell it about the other org's users), so it is
 * "held": the row keeps the typed email in `heldEmail`, stores a random address under the reserved
 * `.invalid` domain (RFC 2606) in `email`, and its link can never be accepted.
 */
export const RESERVED_TLD = ".invalid";

/** The email an admin of the user's org sees. */
export function shownEmail(u: { email: string; heldEmail: string | null }): string {
  return u.heldEmail ?? u.email;
}

/**
 * Where an invitation for `email` in `orgId` stores it: 409 naming the field when the org already
 * has that email (that is no leak); held when another org has the account. Both cases run the
 * same two lookups as a new email, so the answer and its timing do not depend on other orgs.
 */
export async function placeInviteEmail(
  tx: Prisma.TransactionClient,
  orgId: string,
  email: string,
  exceptId?: string,
): Promise<{ email: string; heldEmail: string | null }> {
  const holder = await assertEmailFreeInOrg(tx, orgId, email, exceptId);
  if (holder && holder.id !== exceptId)
    return { email: `held-${randomUUID()}@invitation${RESERVED_TLD}`, heldEmail: email };
  return { email, heldEmail: null };
}

/**
 * 409 naming the field when a user of this org already has `email`, as their address or a held
 * one (telling an org about its own users is no leak). Returns the account holding the email
 * anywhere, for the caller to decide without a second lookup.
 */
export async function assertEmailFreeInOrg(
  tx: Prisma.TransactionClient,
  orgId: string,
  email: string,
  exceptId?: string,
): Promise<{ id: string; orgId: string } | null> {
  const holder = await tx.user.findUnique({ where: { email }, select: { id: true, orgId: true } });
  const heldHere = await tx.user.findFirst({ where: { orgId, heldEmail: email }, select: { id: true } });
  const here = [holder?.orgId === orgId ? holder.id : null, heldHere?.id ?? null].filter((id) => id && id !== exceptId);
  if (here.length) {
    throw new AppError("conflict", `A user with the email ${email} already exists`, {
      fields: [{ path: "email", message: "This email is already in use" }],
    });
  }
  return holder;
}
