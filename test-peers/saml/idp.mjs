// A SAML 2.0 identity provider for the console's tests, built with samlify (a different library
// from the console's @node-saml). It signs real Responses/Assertions with a real key; every field
// the console must check (audience, recipient, destination, time window, InResponseTo, assertion
// id) can be set, so the negative tests send exactly what a broken or hostile IdP would.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as samlify from "samlify";

const certs = path.join(path.dirname(new URL(import.meta.url).pathname), "../certs");
export const keyPair = (name) => ({
  key: fs.readFileSync(path.join(certs, `${name}.key`), "utf8"),
  cert: fs.readFileSync(path.join(certs, `${name}.crt`), "utf8"),
});
/** PEM body without armour or line breaks, as SAML metadata carries it. */
export const certBody = (pem) => pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");

const esc = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]);

/**
 * samlify refuses to parse a message until an XML schema validator is set; the usual one needs a
 * JVM. The console's own parser is what is under test, so this peer accepts well-formed XML.
 */
let schemaSet = false;
function allowSchemaUnchecked() {
  if (schemaSet) return;
  samlify.setSchemaValidator({ validate: async () => "skipped" });
  schemaSet = true;
}

const EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** The Response XML, before signing. All values come from `v`. */
function responseXml(v) {
  const attrs = Object.entries(v.attributes ?? {})
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${[value]
          .flat()
          .map((x) => `<saml:AttributeValue xsi:type="xs:string">${esc(x)}</saml:AttributeValue>`)
          .join("")}</saml:Attribute>`,
    )
    .join("");
  const irt = v.inResponseTo ? ` InResponseTo="${esc(v.inResponseTo)}"` : "";
  const dest = v.destination ? ` Destination="${esc(v.destination)}"` : "";
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${v.id}" Version="2.0" IssueInstant="${v.issueInstant}"${dest}${irt}>` +
    `<saml:Issuer>${esc(v.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema" ID="${v.assertionId}" Version="2.0" IssueInstant="${v.issueInstant}">` +
    `<saml:Issuer>${esc(v.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${EMAIL_FORMAT}">${v.nameIdXml ?? esc(v.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${v.notOnOrAfter}" Recipient="${esc(v.recipient)}"${irt}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${v.notBefore}" NotOnOrAfter="${v.notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(v.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${v.issueInstant}" SessionIndex="${v.assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    (attrs ? `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` : "") +
    `</saml:Assertion></samlp:Response>`
  );
}

/**
 * An IdP with one signing key. `metadata(ssoUrl)` is what an admin pastes into the console;
 * `respond(...)` returns a base64 SAMLResponse for an SP.
 */
export function createSamlIdp({ entityId, signing = keyPair("idp-a") }) {
  const idpFor = (sign, encrypt) =>
    samlify.IdentityProvider({
      entityID: entityId,
      privateKey: sign.key,
      signingCert: sign.cert,
      isAssertionEncrypted: Boolean(encrypt),
      dataEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
      keyEncryptionAlgorithm: "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p",
      requestSignatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
      singleSignOnService: [
        { Binding: samlify.Constants.namespace.binding.redirect, Location: "https://idp.invalid/sso" },
      ],
      singleLogoutService: [
        { Binding: samlify.Constants.namespace.binding.redirect, Location: "https://idp.invalid/slo" },
      ],
    });

  return {
    entityId,
    /**
     * Reads an SP's Redirect-binding AuthnRequest as an IdP that requires signed requests would
     * (Okta "Signed requests", Entra "Require verification certificates"): the signature over the
     * query is checked against the signing certificate in the SP's metadata. Resolves to the request
     * id; rejects an unsigned or tampered request.
     */
    async parseSignedLoginRequest(spMetadataXml, redirectUrl) {
      allowSchemaUnchecked();
      const url = new URL(redirectUrl);
      const octetString = url.search
        .slice(1)
        .split("&")
        .filter((p) => !p.startsWith("Signature="))
        .join("&");
      const idp = samlify.IdentityProvider({
        entityID: entityId,
        privateKey: signing.key,
        signingCert: signing.cert,
        wantAuthnRequestsSigned: true,
        singleSignOnService: [
          { Binding: samlify.Constants.namespace.binding.redirect, Location: "https://idp.invalid/sso" },
        ],
      });
      const sp = samlify.ServiceProvider({ metadata: spMetadataXml });
      const query = Object.fromEntries(url.searchParams);
      const r = await idp.parseLoginRequest(sp, "redirect", { query, octetString });
      return r.extract.request.id;
    },
    metadata(ssoUrl) {
      return samlify
        .IdentityProvider({
          entityID: entityId,
          signingCert: signing.cert,
          nameIDFormat: [EMAIL_FORMAT],
          singleSignOnService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: ssoUrl }],
          singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.redirect, Location: ssoUrl }],
        })
        .getMetadata();
    },

    /**
     * @param o.sp { entityId, acsUrl, encryptCert? }
     * @param o.sign "assertion" | "response" | "both" | "none"
     * @param o.signWith another key pair (wrong certificate, rotation)
     * @param o.override any template value (audience, recipient, destination, notBefore, notOnOrAfter, issuer, assertionId, nameIdXml)
     */
    async respond(o) {
      const now = Date.now() + (o.clockOffsetMs ?? 0);
      const v = {
        id: `_${randomUUID()}`,
        assertionId: `_${randomUUID()}`,
        issueInstant: new Date(now).toISOString(),
        issuer: entityId,
        destination: o.sp.acsUrl,
        recipient: o.sp.acsUrl,
        audience: o.sp.entityId,
        notBefore: new Date(now - 30_000).toISOString(),
        notOnOrAfter: new Date(now + 5 * 60_000).toISOString(),
        inResponseTo: o.inResponseTo,
        nameId: o.user.email,
        attributes: { email: o.user.email, displayName: o.user.name, groups: o.user.groups ?? [] },
        ...o.override,
      };
      const xml = responseXml(v);
      const sign = o.sign ?? "assertion";
      if (sign === "none")
        return { id: v.id, assertionId: v.assertionId, samlResponse: Buffer.from(xml).toString("base64") };
      const sp = samlify.ServiceProvider({
        entityID: o.sp.entityId,
        wantAssertionsSigned: sign === "assertion" || sign === "both",
        wantMessageSigned: sign === "response" || sign === "both",
        encryptCert: o.sp.encryptCert,
        assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: o.sp.acsUrl }],
      });
      const idp = idpFor(o.signWith ?? signing, o.sp.encryptCert);
      const out = await idp.createLoginResponse(
        sp,
        {},
        "post",
        { email: o.user.email },
        {
          customTagReplacement: () => ({ id: v.id, context: xml }),
        },
      );
      return { id: v.id, assertionId: v.assertionId, samlResponse: out.context };
    },
  };
}
