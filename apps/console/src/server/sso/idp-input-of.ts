import { z } from "zod";
import { ZSaveIdentityProvider } from "./schemas";

/** Fields of the GET answer that describe the IdP but are not settings (ignored when sent back). */
const READ_ONLY = [
  "id",
  "hasSecret",
  "createdAt",
  "updatedAt",
  "mappingCount",
  "signInUrl",
  "configuredByRole",
  "configuredAt",
  "sp",
  "rp",
  "spKey",
];

/**
 * The GET shape ({ type, name, slug, enabled, config: {...}, ... }) as the flat input PUT and
 * PATCH take: config's fields lifted, the stored certificate list back into idpCert / idpCertNext,
 * read-only fields dropped. A body already flat passes through unchanged.
 */
export function inputOfView(raw: unknown): unknown {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const body = raw as Record<string, unknown>;
  const config = body.config;
  const top = Object.fromEntries(Object.entries(body).filter(([k]) => k !== "config" && !READ_ONLY.includes(k)));
  if (!config || typeof config !== "object" || Array.isArray(config)) return top;
  const { idpCerts, spCert: _sp, spKeyCreatedAt: _k, ...rest } = config as Record<string, unknown>;
  const out: Record<string, unknown> = { ...rest, ...top };
  // A SAML IdP saved before request signing existed keeps it off until it is turned on.
  if (Array.isArray(idpCerts) && out.signAuthnRequests === undefined) out.signAuthnRequests = false;
  if (Array.isArray(idpCerts)) {
    if (out.idpCert === undefined) out.idpCert = typeof idpCerts[0] === "string" ? idpCerts[0] : "";
    if (out.idpCertNext === undefined) out.idpCertNext = typeof idpCerts[1] === "string" ? idpCerts[1] : "";
  }
  return out;
}

/** PUT's body: the flat settings, or the GET answer as it came (edited and sent back). */
export const ZPutIdentityProvider = z.preprocess(inputOfView, ZSaveIdentityProvider);

/** PATCH's body: any subset of the settings (flat or GET-shaped); the type cannot change. */
export const ZPatchIdentityProvider = z.preprocess(
  inputOfView,
  z.record(z.string(), z.unknown()).refine((b) => Object.keys(b).length > 0, "Send at least one setting to change"),
);
