import type { IdpUser } from "../users.mjs";
export interface OidcPeer {
  issuer: string;
  stop(): Promise<void>;
}
export function startOidcProvider(o: {
  clients: { clientId: string; clientSecret: string; redirectUris: string[] }[];
  users?: IdpUser[];
}): Promise<OidcPeer>;
