import { db } from "../db";
import { notFound } from "../http/errors";
import { samlConfig } from "./idp-config";
import { toPem } from "./parse-saml-metadata";
import { samlFor } from "./saml-service-provider";

/** The console's SP metadata for one SAML IdP: entity id, ACS URL, its encryption and signing certificate. */
export async function spMetadataXml(spKey: string): Promise<string> {
  const idp = await db().identityProvider.findUnique({ where: { spKey } });
  if (idp?.type !== "saml") throw notFound("Identity provider");
  const cfg = samlConfig(idp);
  // The same certificate serves encryption and, when requests are signed, their verification.
  const cert = toPem(cfg.spCert);
  return samlFor(idp).generateServiceProviderMetadata(cert, cfg.signAuthnRequests ? [cert] : null);
}
