export const LDAP_BASE: string;
export const LDAP_ADMIN: { dn: string; password: string };
export const LDAP_SERVICE: { dn: string; password: string };
export function LDAP_CA_PEM(): string;
export interface Slapd {
  url: string;
  ldapsUrl: string;
  base: string;
  stop(): Promise<void>;
}
export function startSlapd(): Promise<Slapd>;
