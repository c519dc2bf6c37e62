/** Empty forms per IdP type (shared by the server page and the client form). */
type Values = Record<string, unknown>;

const COMMON = { name: "", slug: "", enabled: true, defaultRole: "viewer", linkByVerifiedEmail: false };
export const BLANK: Record<"saml" | "oidc" | "ldap", Values> = {
  saml: {
    type: "saml",
    ...COMMON,
    metadataXml: "",
    idpEntityId: "",
    ssoUrl: "",
    idpCert: "",
    idpCertNext: "",
    emailAttribute: "",
    nameAttribute: "displayName",
    groupsAttribute: "groups",
    allowIdpInitiated: false,
    requireEncryptedAssertions: false,
    signAuthnRequests: true,
  },
  oidc: {
    type: "oidc",
    ...COMMON,
    preset: "generic",
    issuer: "",
    clientId: "",
    clientSecret: "",
    scopes: "openid email profile",
    groupsClaim: "groups",
    hostedDomain: "",
    emailsVerified: false,
  },
  ldap: {
    type: "ldap",
    ...COMMON,
    url: "ldaps://",
    startTls: false,
    caCert: "",
    bindDn: "",
    bindPassword: "",
    userBase: "",
    userFilter: "(&(objectClass=inetOrgPerson)(uid={username}))",
    emailAttribute: "mail",
    nameAttribute: "cn",
    groupMode: "memberOf",
    groupBase: "",
    groupFilter: "(&(objectClass=groupOfNames)(member={dn}))",
    groupNameAttribute: "cn",
    nestedGroups: true,
    activeDirectory: false,
    timeoutMs: 5000,
  },
};

export const TYPE_LABELS: Record<string, string> = { saml: "SAML 2.0", oidc: "OpenID Connect", ldap: "LDAP / AD" };
