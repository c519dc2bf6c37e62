import type { IdentityProvider } from "@luminous/db";
import type { Profile } from "@node-saml/node-saml";
import { DOMParser } from "@xmldom/xmldom";
import { db } from "../db";
import { checkIdpAttributes } from "./check-idp-attributes";
import { samlConfig } from "./idp-config";
import { samlUrls } from "./idp-urls";
import { samlLinkIntent } from "./link-intent";
import { loadIdpBySpKey } from "./load-identity-provider";
import { SAML_CLOCK_SKEW_MS, SAML_REQUEST_TTL_MS, samlFor } from "./saml-service-provider";
import { safeNext } from "./session-cookie";
import { signInWithSso } from "./sign-in-with-sso";
import { recordSsoFailure, type SignInMeta, SsoFailure, type SsoFailureReason } from "./sso-failure";

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG = "http://www.w3.org/2000/09/xmldsig#";
export const MAX_SAML_RESPONSE_BYTES = 512 * 1024;

function parse(xml: string) {
  if (/<!DOCTYPE/i.test(xml)) throw new SsoFailure("invalid_response", "A SAML response must not contain a DOCTYPE");
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: { error: (m) => errors.push(m), fatalError: (m) => errors.push(m), warning: () => {} },
  }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement)
    throw new SsoFailure("invalid_response", "The SAML response is not well-formed XML");
  return doc.documentElement;
}

type El = ReturnType<typeof parse>;
const children = (el: El, ns: string, name: string): El[] =>
  Array.from(el.childNodes as unknown as ArrayLike<El>).filter(
    (n) => n.nodeType === 1 && n.namespaceURI === ns && n.localName === name,
  );

/** Maps node-saml's error messages to the audit log's closed set of reasons. */
export function classifySamlError(message: string): SsoFailureReason {
  const m = message.toLowerCase();
  if (m.includes("multiple assertions") || m.includes("too many signatures") || m.includes("too many transforms"))
    return "signature_wrapping";
  if (m.includes("not yet valid")) return "not_yet_valid";
  // node-saml reports an out-of-window SubjectConfirmationData as "no valid subject confirmation".
  if (m.includes("expired") || m.includes("no valid subject confirmation")) return "expired";
  if (m.includes("audience")) return "wrong_audience";
  if (m.includes("inresponseto is missing")) return "idp_initiated_disabled";
  if (m.includes("inresponseto")) return "wrong_in_response_to";
  if (m.includes("issuer")) return "wrong_issuer";
  if (m.includes("signature") || m.includes("signed data")) return "bad_signature";
  if (m.includes("provider returned")) return "idp_error";
  return "invalid_response";
}

function attr(profile: Profile, name: string): string[] {
  if (!name) return [];
  const v = (profile.attributes as Record<string, unknown> | undefined)?.[name] ?? profile[name];
  return [v].flat().filter((x): x is string => typeof x === "string");
}

export interface SamlPost {
  SAMLResponse?: string | null;
  RelayState?: string | null;
}

/**
 * The Assertion Consumer Service. Refuses (and audits, with the reason) anything but a response
 * signed by one of the IdP's certificates, for this SP (audience, recipient, destination), inside
 * its time window, answering a request this console made (unless IdP-initiated sign-in is on),
 * carrying one assertion, seen for the first time.
 */
export async function consumeSamlResponse(
  spKey: string,
  post: SamlPost,
  browserRequestId: string | null,
  meta: SignInMeta,
): Promise<{ userId: string; sessionId: string; next: string }> {
  const idp = await loadIdpBySpKey(spKey, "saml");
  let subject: string | undefined;
  try {
    const raw = post.SAMLResponse ?? "";
    if (!raw || raw.length > MAX_SAML_RESPONSE_BYTES * 1.4)
      throw new SsoFailure("invalid_response", "Missing or oversized SAMLResponse");
    const xml = Buffer.from(raw, "base64").toString("utf8");
    const identity = await verify(idp, xml, browserRequestId, (s) => {
      subject = s;
    });
    const intent = identity.inResponseTo ? await samlLinkIntent(idp, identity.inResponseTo) : null;
    const r = await signInWithSso(idp, identity, meta, intent);
    return { userId: r.userId, sessionId: r.sessionId, next: safeNext(post.RelayState) };
  } catch (e) {
    if (e instanceof SsoFailure && !e.recorded) {
      const failure = withSubject(e, subject);
      await recordSsoFailure(idp, meta, failure);
      throw failure;
    }
    throw e;
  }
}

function withSubject(e: SsoFailure, subject?: string) {
  return e.subject || !subject ? e : new SsoFailure(e.reason, e.message, subject);
}

async function verify(
  idp: IdentityProvider,
  xml: string,
  browserRequestId: string | null,
  setSubject: (s: string) => void,
) {
  const cfg = samlConfig(idp);
  const urls = samlUrls(idp.spKey);
  const root = parse(xml);
  if (root.namespaceURI !== SAMLP || root.localName !== "Response")
    throw new SsoFailure("invalid_response", "Not a SAML Response");
  const plain = children(root, SAML, "Assertion");
  const rawNameId = plain[0]?.getElementsByTagNameNS(SAML, "NameID")[0]?.textContent;
  if (rawNameId) setSubject(rawNameId);
  if (cfg.requireEncryptedAssertions && plain.length) {
    throw new SsoFailure("unencrypted_assertion", "This IdP must encrypt its assertions");
  }
  // A replayed assertion is known by its id before any other check (a replayed SP-initiated
  // response would otherwise read as an unknown InResponseTo).
  const rawIds = plain.map((a) => a.getAttribute("ID")).filter(Boolean) as string[];
  if (
    rawIds.length &&
    (await db().samlRequestState.count({ where: { id: { in: rawIds.map((i) => replayKey(idp.id, i)) } } }))
  ) {
    throw new SsoFailure("replay", "This assertion was already used");
  }
  const inResponseTo = root.getAttribute("InResponseTo") || null;
  if (browserRequestId && inResponseTo && browserRequestId !== inResponseTo) {
    throw new SsoFailure("wrong_in_response_to", "The response answers a request this browser did not make");
  }
  if (!inResponseTo && !cfg.allowIdpInitiated) {
    throw new SsoFailure("idp_initiated_disabled", "IdP-initiated sign-in is turned off for this identity provider");
  }
  // Told apart from a bad or misplaced signature: no signature anywhere in the response (an
  // encrypted assertion is checked once decrypted).
  const signed =
    root.getElementsByTagNameNS(DSIG, "Signature").length > 0 ||
    root.getElementsByTagNameNS(SAML, "EncryptedAssertion").length > 0;
  if (!signed) throw new SsoFailure("unsigned", "Neither the SAML response nor its assertion is signed");
  const destination = root.getAttribute("Destination");
  if (destination && destination !== urls.acsUrl) {
    throw new SsoFailure("wrong_destination", `Destination ${destination} is not this console's ACS URL`);
  }

  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(idp).validatePostResponseAsync({ SAMLResponse: Buffer.from(xml).toString("base64") }));
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    throw new SsoFailure(classifySamlError(message), message);
  }
  if (!profile) throw new SsoFailure("invalid_response", "The response carries no assertion");
  checkIdpAttributes({ nameID: profile.nameID, attributes: profile.attributes }, "attributes");

  // From here on, only the signed assertion (as node-saml verified it) is read.
  const assertion = parse(profile.getAssertionXml?.() ?? "");
  const confirmations = Array.from(assertion.getElementsByTagNameNS(SAML, "SubjectConfirmationData"));
  if (!confirmations.length || confirmations.some((c) => c.getAttribute("Recipient") !== urls.acsUrl)) {
    throw new SsoFailure("wrong_recipient", "The assertion's Recipient is not this console's ACS URL");
  }
  // node-saml checks the Issuer of logout messages only; the assertion's is checked here.
  const issuer = children(assertion, SAML, "Issuer")[0]?.textContent?.trim();
  if (issuer !== cfg.idpEntityId)
    throw new SsoFailure("wrong_issuer", `Assertion issuer ${issuer ?? "(none)"} is not ${cfg.idpEntityId}`);
  const assertionId = assertion.getAttribute("ID");
  if (!assertionId) throw new SsoFailure("invalid_response", "The assertion has no ID");
  const notOnOrAfter = confirmations.map((c) => Date.parse(c.getAttribute("NotOnOrAfter") ?? "")).find(Number.isFinite);
  const keepUntil = new Date(Math.max(notOnOrAfter ?? 0, Date.now() + SAML_REQUEST_TTL_MS) + SAML_CLOCK_SKEW_MS);
  try {
    await db().samlRequestState.create({
      data: { id: replayKey(idp.id, assertionId), idpId: idp.id, kind: "assertion", expiresAt: keepUntil },
    });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new SsoFailure("replay", "This assertion was already used");
    throw e;
  }

  const nameId = profile.nameID ?? "";
  setSubject(nameId);
  const email = cfg.emailAttribute ? (attr(profile, cfg.emailAttribute)[0] ?? "") : nameId;
  return {
    externalId: nameId,
    email,
    name: attr(profile, cfg.nameAttribute)[0] ?? "",
    groups: attr(profile, cfg.groupsAttribute),
    emailVerified: true,
    // From the signed assertion: the request a link was started with.
    inResponseTo: confirmations[0]?.getAttribute("InResponseTo") || null,
  };
}

const replayKey = (idpId: string, assertionId: string) => `assertion:${idpId}:${assertionId}`;
