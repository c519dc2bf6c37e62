export interface KeyPair {
  key: string;
  cert: string;
}
export function keyPair(name: "idp-a" | "idp-b" | "attacker"): KeyPair;
export function certBody(pem: string): string;
export interface RespondOptions {
  sp: { entityId: string; acsUrl: string; encryptCert?: string };
  user: { email: string; name?: string; groups?: string[] };
  inResponseTo?: string;
  sign?: "assertion" | "response" | "both" | "none";
  signWith?: KeyPair;
  clockOffsetMs?: number;
  override?: Partial<{
    id: string;
    assertionId: string;
    issuer: string;
    destination: string;
    recipient: string;
    audience: string;
    notBefore: string;
    notOnOrAfter: string;
    inResponseTo: string;
    nameId: string;
    nameIdXml: string;
    attributes: Record<string, string | string[]>;
  }>;
}
export interface SamlIdp {
  entityId: string;
  metadata(ssoUrl: string): string;
  parseSignedLoginRequest(spMetadataXml: string, redirectUrl: string): Promise<string>;
  respond(o: RespondOptions): Promise<{ id: string; assertionId: string; samlResponse: string }>;
}
export function createSamlIdp(o: { entityId: string; signing?: KeyPair }): SamlIdp;
