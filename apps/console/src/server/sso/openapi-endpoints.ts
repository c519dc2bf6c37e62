import { z } from "zod";
import type { Endpoint } from "../openapi/build";
import {
  ZLdapBase,
  ZOidcInput,
  ZSamlBase,
  ZSaveGroupMappings,
  ZSaveIdentityProvider,
  ZSsoSettings,
  ZStartIdentityLink,
  ZTestLdap,
} from "./schemas";

const tag = "Identity providers";

export const ssoEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/identity-providers",
    summary: "List identity providers (no secrets)",
    tag,
    permission: "idp.manage",
  },
  {
    method: "post",
    path: "/api/v1/identity-providers",
    summary: "Add a SAML, OIDC or LDAP identity provider (Owner); secrets are stored encrypted, every owner is told",
    tag,
    permission: "idp.configure",
    body: ZSaveIdentityProvider,
    status: 201,
  },
  {
    method: "get",
    path: "/api/v1/identity-providers/{id}",
    summary: "Get an identity provider",
    tag,
    permission: "idp.manage",
  },
  {
    method: "put",
    path: "/api/v1/identity-providers/{id}",
    summary:
      "Replace an identity provider's settings (Owner; blank secret keeps the stored one; the GET answer is accepted as it came); every owner is told",
    tag,
    permission: "idp.configure",
    body: ZSaveIdentityProvider,
  },
  {
    method: "patch",
    path: "/api/v1/identity-providers/{id}",
    summary:
      "Change some settings (only those sent; certificates and secrets kept). `{ enabled }` alone: idp.manage; any other setting: Owner (idp.configure)",
    tag,
    permission: "idp.manage",
    body: z.union([ZSamlBase.partial(), ZOidcInput.partial(), ZLdapBase.partial()]),
  },
  {
    method: "get",
    path: "/api/v1/identity-providers/{id}/activity",
    summary:
      "Recent refused sign-ins (reason, advice, reference = audit request id), the groups received at the last 20 sign-ins, mappings that never matched",
    tag,
    permission: "idp.manage",
  },
  {
    method: "post",
    path: "/api/v1/identity-providers/{id}/sp-key",
    summary:
      "Rotate the console's SAML SP key pair for this IdP (request signing, decryption); the SP metadata serves the new certificate",
    tag,
    permission: "idp.configure",
  },
  {
    method: "delete",
    path: "/api/v1/identity-providers/{id}",
    summary: "Delete an identity provider and the identities linked through it (Owner)",
    tag,
    permission: "idp.configure",
    status: 204,
  },
  {
    method: "get",
    path: "/api/v1/identity-providers/{id}/mappings",
    summary: "List IdP group -> console group / role mappings",
    tag,
    permission: "idp.manage",
  },
  {
    method: "put",
    path: "/api/v1/identity-providers/{id}/mappings",
    summary: "Replace the group mappings (applied at each sign-in and directory sync)",
    tag,
    permission: "idp.manage",
    body: ZSaveGroupMappings,
  },
  {
    method: "post",
    path: "/api/v1/identity-providers/{id}/test",
    summary: "Test the settings (LDAP: connect, bind, look up a user; OIDC: discovery; SAML: certificates)",
    tag,
    permission: "idp.manage",
    body: ZTestLdap,
  },
  {
    method: "post",
    path: "/api/v1/identity-providers/{id}/sync",
    summary: "Run the LDAP directory sync now",
    tag,
    permission: "idp.manage",
  },
  {
    method: "get",
    path: "/api/v1/identity-providers/settings",
    summary: "Sign-in settings: email domains, SSO enforcement, break-glass owner",
    tag,
    permission: "settings.read",
  },
  {
    method: "put",
    path: "/api/v1/identity-providers/settings",
    summary:
      "Change the email domains and SSO enforcement (turning enforcement off, changing domains or the break-glass owner: Owner only)",
    tag,
    permission: "settings.update",
    body: ZSsoSettings,
  },
  {
    method: "get",
    path: "/api/v1/me/identities",
    summary: "My linked sign-in identities and the identity providers I may link",
    tag: "Profile",
    permission: null,
  },
  {
    method: "post",
    path: "/api/v1/me/identities/link",
    summary:
      "Link an identity provider to my account after proving it (password, second factor if enrolled; an Owner must have one). LDAP: linked at once (201); SAML/OIDC: continue at the IdP (202)",
    tag: "Profile",
    permission: null,
    body: ZStartIdentityLink,
    status: 201,
  },
];
