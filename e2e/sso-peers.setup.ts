/**
 * Playwright global setup for the enterprise sign-in specs (specs/sso*.spec.ts): the real
 * identity providers those specs sign in through, started once per run and stopped after it.
 * A peer that cannot start (slapd not installed) is reported by the specs that need it.
 */
import { randomBytes } from "node:crypto";
import { startSlapd } from "../test-peers/ldap/slapd.mjs";
import { startOidcProvider } from "../test-peers/oidc/provider.mjs";
import { startSamlIdpServer } from "../test-peers/saml/server.mjs";

export const E2E_OIDC_SLUG = "e2e-oidc";

export default async function ssoPeers() {
  const base = (process.env.BASE_URL ?? "http://localhost:3000").replace(/\/$/, "");
  const stops: (() => Promise<void>)[] = [];
  const problems: string[] = [];
  try {
    const slapd = await startSlapd();
    stops.push(slapd.stop);
    process.env.E2E_LDAP_URL = slapd.url;
  } catch (e) {
    problems.push(`LDAP: ${(e as Error).message.split("\n")[0]}`);
  }
  const saml = await startSamlIdpServer();
  stops.push(saml.stop);
  process.env.E2E_SAML_METADATA_URL = saml.metadataUrl;
  const clientSecret = randomBytes(24).toString("hex");
  const oidc = await startOidcProvider({
    clients: [{ clientId: "luminous-e2e", clientSecret, redirectUris: [`${base}/api/auth/callback/${E2E_OIDC_SLUG}`] }],
  });
  stops.push(oidc.stop);
  process.env.E2E_OIDC_ISSUER = oidc.issuer;
  process.env.E2E_OIDC_CLIENT_ID = "luminous-e2e";
  process.env.E2E_OIDC_CLIENT_SECRET = clientSecret;
  if (problems.length) process.env.E2E_SSO_PEER_PROBLEMS = problems.join("; ");
  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
}
