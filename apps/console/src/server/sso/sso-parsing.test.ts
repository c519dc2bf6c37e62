import { describe, expect, it } from "vitest";
import { classifySamlError } from "./consume-saml-response";
import { rdnValue } from "./find-ldap-user";
import { fillFilter } from "./ldap-connection";
import { normalizeCert, parseSamlMetadata } from "./parse-saml-metadata";
import { ZLdapInput, ZSsoSettings } from "./schemas";

const metadata = (body: string) =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/meta"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${body}</md:IDPSSODescriptor></md:EntityDescriptor>`;
const key = (use: string, cert: string) =>
  `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const sso = (binding: string, url: string) =>
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-${binding}" Location="${url}"/>`;

describe("IdP metadata", () => {
  it("reads the entity id, the Redirect SSO URL and up to two signing certificates", () => {
    const m = parseSamlMetadata(
      metadata(
        `${key("signing", "AAA\n BBB")}${key("encryption", "ENC")}${key("signing", "CCC")}${sso("POST", "https://idp.example/post")}${sso("Redirect", "https://idp.example/redirect")}`,
      ),
    );
    expect(m).toEqual({
      entityId: "https://idp.example/meta",
      ssoUrl: "https://idp.example/redirect",
      certs: ["AAABBB", "CCC"],
    });
  });

  it("refuses a DOCTYPE, non-XML and metadata without an IdP, SSO URL or certificate", () => {
    expect(() => parseSamlMetadata(`<!DOCTYPE x [<!ENTITY e "x">]>${metadata("")}`)).toThrow(/DOCTYPE/);
    expect(() => parseSamlMetadata("not xml <")).toThrow();
    expect(() => parseSamlMetadata(metadata(key("signing", "AAA")))).toThrow(/SingleSignOnService/);
    expect(() => parseSamlMetadata(metadata(sso("Redirect", "https://idp/sso")))).toThrow(/certificate/);
  });

  it("normalises PEM and bare base64 certificates alike", () => {
    expect(normalizeCert("-----BEGIN CERTIFICATE-----\nAB\nCD\n-----END CERTIFICATE-----\n")).toBe("ABCD");
  });
});

describe("SAML error reasons", () => {
  it.each([
    ["Invalid signature", "bad_signature"],
    ["Invalid document signature", "bad_signature"],
    ["Invalid signature: multiple assertions", "signature_wrapping"],
    ["SAML assertion expired: clocks skewed too much", "expired"],
    ["SAML assertion not yet valid", "not_yet_valid"],
    ["SAML assertion audience mismatch. Expected: a Received: b", "wrong_audience"],
    ["InResponseTo is not valid", "wrong_in_response_to"],
    ["InResponseTo is missing from response", "idp_initiated_disabled"],
    ["something else", "invalid_response"],
  ])("%s -> %s", (message, reason) => {
    expect(classifySamlError(message)).toBe(reason);
  });
});

describe("LDAP filters", () => {
  it("escapes every filter metacharacter in user input (RFC 4515)", () => {
    const f = fillFilter("(&(objectClass=person)(uid={username}))", "username", "*)(|(uid=*\\");
    expect(f).toBe("(&(objectClass=person)(uid=\\2a\\29\\28|\\28uid=\\2a\\5c))");
  });

  it("names a group by its first RDN value", () => {
    expect(rdnValue("cn=Domain Admins,ou=groups,dc=corp")).toBe("Domain Admins");
    expect(rdnValue("cn=R\\, D,ou=groups")).toBe("R, D");
  });

  it("requires {username} in the user filter and a group base for nesting", () => {
    const base = { type: "ldap", name: "x", slug: "dir", url: "ldaps://dc:636", bindDn: "cn=s", userBase: "dc=x" };
    expect(ZLdapInput.safeParse({ ...base, userFilter: "(uid=bob)" }).success).toBe(false);
    const r = ZLdapInput.safeParse({ ...base, nestedGroups: true });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["groupBase"]);
    expect(ZLdapInput.safeParse({ ...base, url: "ldaps://dc:636", startTls: true, groupBase: "ou=g" }).success).toBe(
      false,
    );
  });
});

describe("sign-in settings", () => {
  it("needs a break-glass owner to enforce SSO", () => {
    expect(ZSsoSettings.safeParse({ domains: [], ssoEnforced: true, breakGlassUserId: null }).success).toBe(false);
  });
});
