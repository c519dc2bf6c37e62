import type { IdpUser } from "../users.mjs";
import type { KeyPair } from "./idp.mjs";
export interface SamlIdpServer {
  url: string;
  metadataUrl: string;
  metadata(): string;
  stop(): Promise<void>;
}
export function startSamlIdpServer(o?: { users?: IdpUser[]; signing?: KeyPair }): Promise<SamlIdpServer>;
