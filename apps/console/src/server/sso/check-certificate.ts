import { X509Certificate } from "node:crypto";
import { AppError } from "../http/errors";
import { normalizeCert, toPem } from "./parse-saml-metadata";

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Why a certificate an admin pasted cannot be trusted, in words ("not a certificate", "expired on
 * 2024-05-01", "RSA key under 2048 bits"), or null when it is usable. Checked on save, so a bad
 * certificate is refused next to its field instead of failing at the next sign-in.
 */
export function certificateProblem(pemOrBase64: string, now = new Date()): string | null {
  let x: X509Certificate;
  try {
    x = new X509Certificate(toPem(normalizeCert(pemOrBase64)));
  } catch {
    return "not a certificate (paste the PEM block, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)";
  }
  const notAfter = new Date(x.validTo);
  const notBefore = new Date(x.validFrom);
  if (notAfter <= now) return `expired on ${day(notAfter)}`;
  if (notBefore > now) return `not valid before ${day(notBefore)}`;
  const key = x.publicKey;
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType === "rsa" && bits !== undefined && bits < 2048)
    return `RSA key under 2048 bits (${bits} bits)`;
  return null;
}

/** The PEM blocks of a bundle (a CA file may hold several). */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? (text.trim() ? [text] : []);
}

/** Throws a validation error naming the field when any certificate in `text` is unusable. */
export function requireUsableCertificates(field: string, label: string, text: string, now = new Date()): void {
  const blocks = pemBlocks(text);
  for (const [i, b] of blocks.entries()) {
    const problem = certificateProblem(b, now);
    if (!problem) continue;
    const which = blocks.length > 1 ? `${label} (certificate ${i + 1})` : label;
    const message = `${which}: ${problem}`;
    throw new AppError("validation", message, { fields: [{ path: field, message }] });
  }
}
