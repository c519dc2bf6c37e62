import { z } from "zod";

/**
 * Identity-provider settings as admins enter them: one flat object per type so every field
 * error lands next to its field. Shared by the Settings forms and the /api/v1 handlers.
 */

/** An IdP may grant any role but owner: owners are made by owners, never by a directory. */
export const ZMappableRole = z.enum(["admin", "security_admin", "auditor", "helpdesk", "viewer"]);
export type TMappableRole = z.infer<typeof ZMappableRole>;
export const MAPPABLE_ROLES = ZMappableRole.options;

/** Ids that next-auth or the sign-in page already use. */
export const RESERVED_SLUGS = ["password", "ldap", "credentials", "signin", "callback", "session", "csrf", "providers"];

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "2-40 characters: lowercase letters, digits and dashes")
  .refine((s) => !RESERVED_SLUGS.includes(s), "This name is reserved");

const pem = z
  .string()
  .trim()
  .max(20_000)
  .refine(
    (s) => s === "" || /^[A-Za-z0-9+/=\s]+$/.test(s.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "")),
    "Paste a PEM or base64 X.509 certificate",
  );

const optionalText = (max: number) => z.string().trim().max(max).optional().default("");
const httpUrl = z
  .string()
  .trim()
  .url("Enter a full URL")
  .max(2000)
  .refine((u) => /^https?:\/\/[^/@]+(\/|$)/i.test(u), "Use an https:// URL (no other scheme, no user:password@)");

const common = {
  name: z.string().trim().min(1, "Name is required").max(80),
  slug,
  enabled: z.boolean().default(true),
  /** Role for users none of whose groups is mapped; "none" refuses them. */
  defaultRole: z.union([ZMappableRole, z.literal("none")]).default("viewer"),
  /**
   * Link an existing account to a new identity of this IdP when the IdP asserts the account's
   * verified email: only for the org's claimed domains and roles below Admin. Off by default;
   * an Owner-level setting.
   */
  linkByVerifiedEmail: z.boolean().default(false),
};

export const ZSamlBase = z.object({
  type: z.literal("saml"),
  ...common,
  metadataXml: optionalText(500_000),
  idpEntityId: optionalText(1000),
  ssoUrl: z
    .union([httpUrl, z.literal("")])
    .optional()
    .default(""),
  idpCert: pem.optional().default(""),
  /** A second certificate accepted at the same time, for rotation. */
  idpCertNext: pem.optional().default(""),
  emailAttribute: optionalText(256),
  nameAttribute: z.string().trim().max(256).default("displayName"),
  groupsAttribute: z.string().trim().max(256).default("groups"),
  allowIdpInitiated: z.boolean().default(false),
  requireEncryptedAssertions: z.boolean().default(false),
  /** Sign AuthnRequests with the console's SP key (Okta "Signed requests", Entra "Require verification certificates"). */
  signAuthnRequests: z.boolean().default(true),
});
export const ZSamlInput = ZSamlBase.superRefine((v, ctx) => {
  if (v.metadataXml) return;
  if (!v.idpEntityId)
    ctx.addIssue({ code: "custom", path: ["idpEntityId"], message: "Paste metadata or enter the entity id" });
  if (!v.ssoUrl) ctx.addIssue({ code: "custom", path: ["ssoUrl"], message: "Paste metadata or enter the SSO URL" });
  if (!v.idpCert)
    ctx.addIssue({ code: "custom", path: ["idpCert"], message: "Paste metadata or the signing certificate" });
});

export const OIDC_PRESETS = {
  okta: {
    label: "Okta",
    issuer: "https://YOUR-ORG.okta.com",
    scopes: "openid email profile groups",
    groupsClaim: "groups",
  },
  entra: {
    label: "Microsoft Entra ID",
    issuer: "https://login.microsoftonline.com/TENANT-ID/v2.0",
    scopes: "openid email profile",
    groupsClaim: "groups",
  },
  google: {
    label: "Google Workspace",
    issuer: "https://accounts.google.com",
    scopes: "openid email profile",
    groupsClaim: "",
  },
  generic: { label: "Other OpenID Connect", issuer: "", scopes: "openid email profile", groupsClaim: "groups" },
} as const;

/**
 * Attribute names as Okta and Entra ID send them by default. Entra's groups claim carries group
 * object ids (GUIDs), not names, so its mappings are made on those ids.
 */
export const SAML_PRESETS = {
  okta: { label: "Okta", emailAttribute: "", nameAttribute: "displayName", groupsAttribute: "groups" },
  entra: {
    label: "Microsoft Entra ID",
    emailAttribute: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    nameAttribute: "http://schemas.microsoft.com/identity/claims/displayname",
    groupsAttribute: "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
  },
} as const;

/** Plain http only for an issuer on this machine (development); anywhere else tokens would travel in clear. */
export const isLocalHttpOrHttps = (u: string) =>
  !/^http:/i.test(u) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/i.test(u);

export const ZOidcInput = z.object({
  type: z.literal("oidc"),
  ...common,
  preset: z.enum(["okta", "entra", "google", "generic"]).default("generic"),
  issuer: httpUrl
    .refine((u) => !/YOUR-ORG|TENANT-ID/.test(u), "Replace the placeholder with your own value")
    .refine(isLocalHttpOrHttps, "An http:// issuer is refused outside localhost: use the issuer's https:// URL"),
  clientId: z.string().trim().min(1, "Client id is required").max(256),
  /** Blank on edit keeps the stored secret. */
  clientSecret: z.string().max(1024).optional().default(""),
  scopes: z
    .string()
    .trim()
    .max(500)
    .default("openid email profile")
    .refine((s) => s.split(/\s+/).includes("openid"), "Scopes must include openid"),
  groupsClaim: optionalText(128),
  /** Google Workspace: only accounts of this hosted domain (the `hd` claim). */
  hostedDomain: optionalText(253),
  /**
   * This IdP only issues verified emails, so an ID token without `email_verified: true` still
   * counts as verified. Off by default.
   */
  emailsVerified: z.boolean().default(false),
});

export const ZLdapBase = z.object({
  type: z.literal("ldap"),
  ...common,
  url: z
    .string()
    .trim()
    .max(500)
    .regex(/^ldaps?:\/\/[^/\s]+\/?$/i, "ldap://host:port or ldaps://host:port"),
  startTls: z.boolean().default(false),
  caCert: pem.optional().default(""),
  bindDn: z.string().trim().min(1, "Service account DN is required").max(1000),
  /** Blank on edit keeps the stored password. */
  bindPassword: z.string().max(1024).optional().default(""),
  userBase: z.string().trim().min(1, "User search base is required").max(1000),
  userFilter: z
    .string()
    .trim()
    .max(1000)
    .default("(&(objectClass=inetOrgPerson)(uid={username}))")
    .refine(
      (f) => f.includes("{username}") && f.startsWith("(") && f.endsWith(")"),
      "A filter in parentheses containing {username}",
    ),
  emailAttribute: z.string().trim().min(1).max(128).default("mail"),
  nameAttribute: z.string().trim().min(1).max(128).default("cn"),
  groupMode: z.enum(["memberOf", "search"]).default("memberOf"),
  groupBase: optionalText(1000),
  groupFilter: z
    .string()
    .trim()
    .max(1000)
    .default("(&(objectClass=groupOfNames)(member={dn}))")
    .refine((f) => f.includes("{dn}"), "The group filter must contain {dn}"),
  groupNameAttribute: z.string().trim().min(1).max(128).default("cn"),
  /** Follow groups that are members of groups (AD nested groups). */
  nestedGroups: z.boolean().default(true),
  /** Active Directory: resolve nesting server-side with LDAP_MATCHING_RULE_IN_CHAIN. */
  activeDirectory: z.boolean().default(false),
  timeoutMs: z.coerce.number().int().min(500).max(60_000).default(5000),
});
export const ZLdapInput = ZLdapBase.superRefine((v, ctx) => {
  if (v.startTls && v.url.toLowerCase().startsWith("ldaps:"))
    ctx.addIssue({
      code: "custom",
      path: ["startTls"],
      message: "StartTLS is for ldap:// URLs; ldaps:// is already TLS",
    });
  if ((v.groupMode === "search" || v.nestedGroups) && !v.groupBase)
    ctx.addIssue({
      code: "custom",
      path: ["groupBase"],
      message: "Group search base is required for group search and nesting",
    });
});

export const ZSaveIdentityProvider = z.discriminatedUnion("type", [ZSamlInput, ZOidcInput, ZLdapInput]);
export type TSaveIdentityProvider = z.infer<typeof ZSaveIdentityProvider>;
export type TSamlInput = z.infer<typeof ZSamlInput>;
export type TOidcInput = z.infer<typeof ZOidcInput>;
export type TLdapInput = z.infer<typeof ZLdapInput>;

export const ZGroupMapping = z
  .object({
    idpGroup: z.string().trim().min(1, "Enter the group name the IdP sends").max(512),
    groupId: z.string().uuid().nullable().optional(),
    role: ZMappableRole.nullable().optional(),
  })
  .refine((m) => m.groupId || m.role, { message: "Map to a console group, a role or both", path: ["groupId"] });
export const ZSaveGroupMappings = z.object({ mappings: z.array(ZGroupMapping).max(500) });
export type TSaveGroupMappings = z.infer<typeof ZSaveGroupMappings>;

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,63}$/, "Enter a domain such as example.com");

export const ZSsoSettings = z
  .object({
    domains: z.array(domain).max(50),
    ssoEnforced: z.boolean(),
    breakGlassUserId: z.string().uuid().nullable(),
  })
  .refine((v) => !v.ssoEnforced || v.breakGlassUserId, {
    message: "Choose the break-glass owner who keeps password sign-in",
    path: ["breakGlassUserId"],
  });
export type TSsoSettings = z.infer<typeof ZSsoSettings>;

export const ZTestLdap = z.object({ username: z.string().trim().max(256).optional().default("") });

export const ZLdapSignIn = z.object({
  idp: slug,
  username: z
    .string()
    .trim()
    .min(1, "Enter your directory username")
    .max(256)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((u) => !/[\u0000-\u001f\u007f]/.test(u), "The username contains control characters"),
  password: z.string().min(1, "Enter your password").max(1024),
});
export type TLdapSignIn = z.infer<typeof ZLdapSignIn>;

export const ZDiscover = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
});

/**
 * Linking one of the org's IdPs to the signed-in account: the account's password, its second
 * factor when enrolled (always, for an Owner), and for a directory its own username and password.
 */
export const ZStartIdentityLink = z.object({
  idpId: z.string().uuid("Choose an identity provider"),
  password: z.string().min(1, "Enter your console password").max(1024),
  code: z.string().trim().max(64).optional().default(""),
  username: z.string().trim().max(256).optional().default(""),
  directoryPassword: z.string().max(1024).optional().default(""),
});
export type TStartIdentityLink = z.infer<typeof ZStartIdentityLink>;
