import type { AuthSource, IdentityProvider, Prisma, User } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import type { Tx } from "../db";
import { AppError } from "../http/errors";
import { placeInviteEmail } from "../users/held-email";
import { ENTERPRISE_SCHEMA, type TScimUser } from "./schemas";
import { refuseOwner, resolveScimRole, syncScimAccess } from "./scim-access";
import type { ScimCtx } from "./scim-context";
import { ScimError, scimConflict } from "./scim-error";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The account's email: the primary one, else the work one, else the first, else a userName that is one. */
function emailOf(doc: TScimUser): string {
  const emails = doc.emails ?? [];
  const pick = emails.find((e) => e.primary) ?? emails.find((e) => e.type === "work") ?? emails[0];
  const email = (pick?.value ?? (EMAIL.test(doc.userName) ? doc.userName : "")).toLowerCase();
  if (!EMAIL.test(email)) {
    throw new ScimError(400, "emails: the user needs an email address (or a userName that is one)", "invalidValue");
  }
  return email;
}

function nameOf(doc: TScimUser): string {
  const n = doc.name;
  const full = [n?.givenName, n?.familyName].filter(Boolean).join(" ");
  return (doc.displayName || n?.formatted || full || doc.userName).slice(0, 120);
}

/** The document as stored: no nulls, nothing the service provider owns (id, meta, groups, active). */
function storedDocument(doc: TScimUser): Prisma.InputJsonObject {
  const { schemas: _s, roles: _r, active: _a, ...rest } = doc;
  return JSON.parse(JSON.stringify(rest, (_k, v) => (v === null ? undefined : v))) as Prisma.InputJsonObject;
}

/**
 * Where the account's email goes: 409 when another account of this org has it (SCIM does not take
 * accounts over); held, as invitations are (users/held-email.ts), when an account of another
 * organisation has it, so the answer says nothing about other organisations. A held account stays
 * deactivated and gets no sign-in identity.
 */
async function placeEmail(tx: Tx, orgId: string, email: string, exceptId: string | undefined) {
  try {
    return await placeInviteEmail(tx, orgId, email, exceptId);
  } catch (e) {
    if (e instanceof AppError && e.code === "conflict") {
      throw scimConflict(`emails: ${email} belongs to an account SCIM did not provision; it is not taken over`);
    }
    throw e;
  }
}

export interface ExistingScimUser {
  user: User;
  version: number;
}

/**
 * Writes a validated SCIM User: the console account (email, name), the identity the IdP will
 * assert at sign-in (see linkSignInIdentity), the SCIM document, then the role and status its
 * groups and `active` give. `existing` null creates the account. Returns the account's id.
 */
export async function saveScimUser(
  tx: Tx,
  ctx: ScimCtx,
  idp: IdentityProvider,
  doc: TScimUser,
  existing: ExistingScimUser | null,
): Promise<string> {
  const email = emailOf(doc);
  const userNameKey = doc.userName.toLowerCase();
  const clash = await tx.scimUser.findUnique({ where: { orgId_userNameKey: { orgId: ctx.orgId, userNameKey } } });
  if (clash && clash.userId !== existing?.user.id) throw scimConflict(`userName "${doc.userName}" is already in use`);
  const placed = await placeEmail(tx, ctx.orgId, email, existing?.user.id);
  if ((doc.roles ?? []).length) {
    if (JSON.stringify(doc.roles).toLowerCase().includes("owner")) {
      await refuseOwner(ctx, existing?.user ?? { id: "", email }, "scim.user.role");
    }
    throw new ScimError(400, "roles: roles follow the identity provider's group mappings", "mutability");
  }
  const enterprise = doc[ENTERPRISE_SCHEMA];
  const scimRow = {
    userName: doc.userName,
    userNameKey,
    externalId: doc.externalId ?? null,
    displayName: doc.displayName ?? null,
    active: doc.active,
    department: enterprise?.department ?? null,
    managerId: enterprise?.manager?.value ?? null,
    resource: storedDocument(doc),
    deletedAt: null,
  };
  let user: User;
  if (existing) {
    const moved = await tx.scimUser.updateMany({
      where: { userId: existing.user.id, version: existing.version },
      data: { ...scimRow, version: { increment: 1 } },
    });
    if (moved.count === 0)
      throw new ScimError(412, "The resource changed while this request was applied; read it again");
    user = await tx.user.update({ where: { id: existing.user.id }, data: { ...placed, name: nameOf(doc) } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.scim.update",
      outcome: "success",
      target: { type: "user", id: user.id, label: email },
      before: { email: existing.user.email, name: existing.user.name },
      after: { email, name: user.name, userName: doc.userName, active: doc.active, department: scimRow.department },
    });
  } else {
    const mapped = await resolveScimRole(tx, idp, null);
    const active = doc.active && mapped !== null && !placed.heldEmail;
    user = await tx.user.create({
      data: {
        orgId: ctx.orgId,
        ...placed,
        name: nameOf(doc),
        role: mapped?.role ?? "viewer",
        status: active ? "active" : "deactivated",
        deactivatedAt: active ? null : new Date(),
        source: idp.type as AuthSource,
      },
    });
    await tx.scimUser.create({ data: { ...scimRow, orgId: ctx.orgId, userId: user.id } });
    await recordAudit(tx, ctx.orgId, ctx.meta, {
      action: "user.provision",
      outcome: "success",
      target: { type: "user", id: user.id, label: email },
      after: { email, name: user.name, role: user.role, status: user.status, source: user.source },
      data: { via: "scim", idp: idp.slug, userName: doc.userName, externalId: doc.externalId ?? null },
    });
  }
  await linkSignInIdentity(tx, ctx, idp, user, doc);
  if (existing) await syncScimAccess(tx, ctx, idp, user, { active: doc.active, deleted: false });
  return user.id;
}

/**
 * How a SCIM user signs in: through the SCIM settings' IdP, whose assertion's subject (SAML
 * NameID / OIDC sub) equals the SCIM attribute chosen in the settings (userName or externalId).
 * The link is made here, explicitly, as a UserIdentity with linkedVia "scim": (IdP, subject)
 * stays one account, and no other IdP links to this account by email (provision-sso-user.ts).
 */
async function linkSignInIdentity(tx: Tx, ctx: ScimCtx, idp: IdentityProvider, user: User, doc: TScimUser) {
  // A held email (its account lives in another organisation) never signs in: no identity is linked.
  const subject = user.heldEmail
    ? undefined
    : (ctx.config.subjectAttribute === "externalId" ? doc.externalId : doc.userName)?.trim();
  const mine = await tx.userIdentity.findUnique({ where: { userId_idpId: { userId: user.id, idpId: idp.id } } });
  if (!subject) {
    if (mine?.linkedVia === "scim") await tx.userIdentity.delete({ where: { id: mine.id } });
    return;
  }
  const holder = await tx.userIdentity.findUnique({ where: { idpId_subject: { idpId: idp.id, subject } } });
  if (holder && holder.userId !== user.id) {
    throw scimConflict(`${ctx.config.subjectAttribute}: "${subject}" is the sign-in identity of another account`);
  }
  if (mine && mine.subject === subject) return;
  if (mine && mine.linkedVia !== "scim") return;
  if (mine) await tx.userIdentity.update({ where: { id: mine.id }, data: { subject, emailAtLink: user.email } });
  else {
    await tx.userIdentity.create({
      data: { orgId: ctx.orgId, userId: user.id, idpId: idp.id, subject, linkedVia: "scim", emailAtLink: user.email },
    });
  }
}
