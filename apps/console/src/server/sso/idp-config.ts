import { decryptSecret, encryptSecret } from "@luminous/crypto";
import type { IdentityProvider } from "@luminous/db";
import { z } from "zod";
import { masterKey } from "../env";
import { AppError } from "../http/errors";
import { ZLdapBase, ZMappableRole, ZOidcInput } from "./schemas";

/**
 * What is stored in IdentityProvider.config (non-secret) and, encrypted, in secretEnc. Both are
 * parsed on every read: the database is a boundary too.
 */
const role = z.union([ZMappableRole, z.literal("none")]);

export const ZSamlStored = z.object({
  idpEntityId: z.string(),
  ssoUrl: z.string(),
  /** Base64 DER bodies; more than one while the IdP rotates its key. */
  idpCerts: z.array(z.string()).min(1).max(2),
  emailAttribute: z.string(),
  nameAttribute: z.string(),
  groupsAttribute: z.string(),
  allowIdpInitiated: z.boolean(),
  requireEncryptedAssertions: z.boolean(),
  /** The console's own certificate for this IdP (metadata, encrypted assertions, signed requests). */
  spCert: z.string(),
  /** Sign AuthnRequests with the SP key (published as a signing key in the SP metadata). Off for IdPs saved before it existed. */
  signAuthnRequests: z.boolean().default(false),
  /** When the SP key pair was last generated (created or rotated). */
  spKeyCreatedAt: z.string().optional(),
  defaultRole: role,
  linkByVerifiedEmail: z.boolean().default(false),
});
export const ZOidcStored = ZOidcInput.omit({ type: true, name: true, slug: true, enabled: true, clientSecret: true });
export const ZLdapStored = ZLdapBase.omit({
  type: true,
  name: true,
  slug: true,
  enabled: true,
  bindPassword: true,
});
export type TSamlStored = z.infer<typeof ZSamlStored>;
export type TOidcStored = z.infer<typeof ZOidcStored>;
export type TLdapStored = z.infer<typeof ZLdapStored>;

export const ZSamlSecret = z.object({ spPrivateKey: z.string() });
export const ZOidcSecret = z.object({ clientSecret: z.string() });
export const ZLdapSecret = z.object({ bindPassword: z.string() });

export type IdpKind =
  | { type: "saml"; config: TSamlStored }
  | { type: "oidc"; config: TOidcStored }
  | { type: "ldap"; config: TLdapStored };

/** AAD binds a ciphertext to its IdP row, so one provider's secret cannot be pasted into another. */
const aad = (idpId: string) => `identity-provider:${idpId}:secret`;

export function sealSecret(idpId: string, secret: Record<string, string>): string {
  return encryptSecret(masterKey(), JSON.stringify(secret), aad(idpId));
}

export function openSecret<S extends z.ZodType>(
  idp: Pick<IdentityProvider, "id" | "secretEnc">,
  schema: S,
): z.infer<S> {
  if (!idp.secretEnc) throw new AppError("unavailable", "This identity provider has no stored secret");
  return schema.parse(JSON.parse(decryptSecret(masterKey(), idp.secretEnc, aad(idp.id))));
}

export function samlConfig(idp: IdentityProvider): TSamlStored {
  if (idp.type !== "saml") throw new AppError("validation", "Not a SAML identity provider");
  return ZSamlStored.parse(idp.config);
}
export function oidcConfig(idp: IdentityProvider): TOidcStored {
  if (idp.type !== "oidc") throw new AppError("validation", "Not an OIDC identity provider");
  return ZOidcStored.parse(idp.config);
}
export function ldapConfig(idp: IdentityProvider): TLdapStored {
  if (idp.type !== "ldap") throw new AppError("validation", "Not an LDAP identity provider");
  return ZLdapStored.parse(idp.config);
}

export function defaultRoleOf(idp: IdentityProvider): z.infer<typeof role> {
  const r = role.safeParse((idp.config as { defaultRole?: unknown } | null)?.defaultRole);
  return r.success ? r.data : "viewer";
}

/** The owner-set rule that links existing accounts by verified email (off unless set). */
export function linksByVerifiedEmail(idp: IdentityProvider): boolean {
  return (idp.config as { linkByVerifiedEmail?: unknown } | null)?.linkByVerifiedEmail === true;
}
