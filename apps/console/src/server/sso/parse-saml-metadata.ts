import { DOMParser } from "@xmldom/xmldom";
import { AppError } from "../http/errors";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const DS = "http://www.w3.org/2000/09/xmldsig#";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

export interface ParsedIdpMetadata {
  entityId: string;
  ssoUrl: string;
  certs: string[];
}

const bad = (message: string) => new AppError("validation", message, { fields: [{ path: "metadataXml", message }] });

/**
 * Reads an IdP's entity id, its Redirect (or POST) SSO URL and its signing certificates from
 * SAML metadata XML. A DOCTYPE is refused outright (no entity expansion from pasted text).
 */
export function parseSamlMetadata(xml: string): ParsedIdpMetadata {
  if (/<!DOCTYPE/i.test(xml)) throw bad("Metadata must not contain a DOCTYPE");
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m), warning: () => {} },
  }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement) throw bad("This is not well-formed XML");
  const entity =
    doc.documentElement.localName === "EntityDescriptor"
      ? doc.documentElement
      : doc.getElementsByTagNameNS(MD, "EntityDescriptor")[0];
  if (!entity) throw bad("No EntityDescriptor in this metadata");
  const idp = entity.getElementsByTagNameNS(MD, "IDPSSODescriptor")[0];
  if (!idp) throw bad("This metadata describes no identity provider (IDPSSODescriptor)");
  const entityId = entity.getAttribute("entityID") ?? "";
  if (!entityId) throw bad("The EntityDescriptor has no entityID");

  const services = Array.from(idp.getElementsByTagNameNS(MD, "SingleSignOnService"));
  const sso =
    services.find((s) => s.getAttribute("Binding") === REDIRECT) ??
    services.find((s) => s.getAttribute("Binding") === POST);
  const ssoUrl = sso?.getAttribute("Location") ?? "";
  if (!/^https?:\/\//.test(ssoUrl)) throw bad("No HTTP-Redirect or HTTP-POST SingleSignOnService location");

  const certs = Array.from(idp.getElementsByTagNameNS(MD, "KeyDescriptor"))
    .filter((k) => (k.getAttribute("use") ?? "signing") === "signing")
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, "X509Certificate")))
    .map((c) => normalizeCert(c.textContent ?? ""))
    .filter((c, i, all) => c && all.indexOf(c) === i);
  if (!certs.length) throw bad("No signing certificate in this metadata");
  return { entityId, ssoUrl, certs: certs.slice(0, 2) };
}

/** PEM or bare base64 -> bare base64 body, which is how node-saml and metadata carry certs. */
export function normalizeCert(pemOrBase64: string): string {
  return pemOrBase64.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");
}

export function toPem(body: string): string {
  return `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join("\n") ?? ""}\n-----END CERTIFICATE-----\n`;
}
