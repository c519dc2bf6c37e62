import type { Client, Entry } from "ldapts";
import type { TLdapStored } from "./idp-config";
import { fillFilter } from "./ldap-connection";
import { SsoFailure } from "./sso-failure";

export interface LdapUser {
  dn: string;
  email: string;
  name: string;
  groups: string[];
}

const first = (v: Entry[string] | undefined): string => {
  const x = Array.isArray(v) ? v[0] : v;
  return x === undefined ? "" : String(x);
};
const all = (v: Entry[string] | undefined): string[] => (v === undefined ? [] : [v].flat().map(String));

/** The first RDN value of a DN: cn=developers,ou=groups,... -> developers. */
export function rdnValue(dn: string): string {
  const m = /^[^=]+=((?:\\.|[^,\\])*)/.exec(dn);
  return (m?.[1] ?? dn).replace(/\\(.)/g, "$1").trim();
}

/** Looks the user up with the admin's filter (the username escaped into it); one match or none. */
export async function findLdapUser(client: Client, cfg: TLdapStored, username: string): Promise<Entry | null> {
  const { searchEntries } = await client.search(cfg.userBase, {
    scope: "sub",
    filter: fillFilter(cfg.userFilter, "username", username),
    attributes: ["dn", cfg.emailAttribute, cfg.nameAttribute, "memberOf"],
    sizeLimit: 2,
    timeLimit: Math.ceil(cfg.timeoutMs / 1000),
  });
  if (searchEntries.length > 1)
    throw new SsoFailure("ldap_ambiguous_user", "More than one directory entry matches", username);
  return searchEntries[0] ?? null;
}

async function groupsContaining(client: Client, cfg: TLdapStored, dn: string, filter: string): Promise<Entry[]> {
  const { searchEntries } = await client.search(cfg.groupBase, {
    scope: "sub",
    filter: fillFilter(filter, "dn", dn),
    attributes: ["dn", cfg.groupNameAttribute],
    timeLimit: Math.ceil(cfg.timeoutMs / 1000),
  });
  return searchEntries;
}

/**
 * The user's groups, by name: from memberOf or a group search, and, when nesting is on, every
 * group containing one of those (Active Directory answers that in one query with
 * LDAP_MATCHING_RULE_IN_CHAIN; other directories are walked breadth-first, cycles ignored).
 */
export async function ldapGroupsOf(client: Client, cfg: TLdapStored, entry: Entry): Promise<string[]> {
  const names = new Map<string, string>();
  if (cfg.activeDirectory && cfg.nestedGroups) {
    for (const g of await groupsContaining(client, cfg, entry.dn, "(member:1.2.840.113556.1.4.1941:={dn})")) {
      names.set(g.dn.toLowerCase(), first(g[cfg.groupNameAttribute]) || rdnValue(g.dn));
    }
    return [...names.values()];
  }
  let frontier: string[];
  if (cfg.groupMode === "memberOf") {
    frontier = all(entry.memberOf);
    for (const dn of frontier) names.set(dn.toLowerCase(), rdnValue(dn));
  } else {
    const direct = await groupsContaining(client, cfg, entry.dn, cfg.groupFilter);
    for (const g of direct) names.set(g.dn.toLowerCase(), first(g[cfg.groupNameAttribute]) || rdnValue(g.dn));
    frontier = direct.map((g) => g.dn);
  }
  for (let depth = 0; cfg.nestedGroups && frontier.length && depth < 10; depth++) {
    const next: string[] = [];
    for (const dn of frontier) {
      for (const g of await groupsContaining(client, cfg, dn, cfg.groupFilter)) {
        const key = g.dn.toLowerCase();
        if (names.has(key)) continue;
        names.set(key, first(g[cfg.groupNameAttribute]) || rdnValue(g.dn));
        next.push(g.dn);
      }
    }
    frontier = next;
  }
  return [...names.values()];
}

export function ldapProfile(cfg: TLdapStored, entry: Entry): Omit<LdapUser, "groups"> {
  return { dn: entry.dn, email: first(entry[cfg.emailAttribute]), name: first(entry[cfg.nameAttribute]) };
}
