import type { IdentityProvider } from "@luminous/db";
import { NoSuchObjectError } from "ldapts";
import { type AuditMeta, recordAudit } from "../audit/record-audit";
import { endUserCredentials } from "../auth/end-user-credentials";
import { db } from "../db";
import { log } from "../log";
import { applyGroupMappings, resolveMappings } from "./apply-group-mappings";
import { ldapGroupsOf } from "./find-ldap-user";
import { ldapConfig, openSecret, ZLdapSecret } from "./idp-config";
import { withServiceBind } from "./ldap-connection";
import { SsoFailure } from "./sso-failure";

export interface SyncReport {
  idp: string;
  checked: number;
  updated: number;
  deactivated: string[];
}

const SYSTEM: AuditMeta = { actor: { type: "system", label: "ldap-sync" } };

/**
 * Brings users linked to this LDAP IdP in line with the directory: groups and roles re-mapped,
 * and users who left (entry gone, or no longer matching the user filter, e.g. disabled) are
 * deactivated with their sessions ended. A directory error aborts the run before any change,
 * so an outage never deactivates anyone.
 */
export async function syncLdapDirectory(idp: IdentityProvider, meta: AuditMeta = SYSTEM): Promise<SyncReport> {
  const cfg = ldapConfig(idp);
  const { bindPassword } = openSecret(idp, ZLdapSecret);
  const links = await db().userIdentity.findMany({
    where: { orgId: idp.orgId, idpId: idp.id, user: { status: "active" } },
    include: { user: true },
  });
  const users = links.map((l) => ({ ...l.user, dn: l.subject, provisioned: l.linkedVia === "provisioned" }));
  const stillFilter = cfg.userFilter.replaceAll("{username}", "*");
  const seen = await withServiceBind(cfg, bindPassword, async (client) => {
    const out = new Map<string, string[] | null>();
    for (const u of users) {
      try {
        const { searchEntries } = await client.search(u.dn, {
          scope: "base",
          filter: stillFilter,
          attributes: ["dn", "memberOf"],
        });
        const entry = searchEntries[0];
        out.set(u.id, entry ? await ldapGroupsOf(client, cfg, entry) : null);
      } catch (e) {
        if (e instanceof NoSuchObjectError) out.set(u.id, null);
        else throw e;
      }
    }
    return out;
  });

  const report: SyncReport = { idp: idp.slug, checked: users.length, updated: 0, deactivated: [] };
  for (const u of users) {
    if (!seen.has(u.id)) continue;
    const groups = seen.get(u.id) ?? null;
    await db().$transaction(async (tx) => {
      let mapped: Awaited<ReturnType<typeof resolveMappings>> | null = null;
      if (groups) {
        try {
          mapped = await resolveMappings(tx, idp, groups);
        } catch (e) {
          if (!(e instanceof SsoFailure)) throw e;
        }
      }
      if (!mapped) {
        // Only accounts the directory created leave with it: a linked account is the console's own.
        if (!u.provisioned) return;
        await tx.user.update({ where: { id: u.id }, data: { status: "deactivated", deactivatedAt: new Date() } });
        await endUserCredentials(u.id, "left_directory", tx);
        await recordAudit(tx, idp.orgId, meta, {
          action: "user.deactivate",
          outcome: "success",
          target: { type: "user", id: u.id, label: u.email },
          before: { status: "active" },
          after: { status: "deactivated" },
          data: { idp: idp.slug, reason: groups ? "no_mapped_role" : "left_directory" },
        });
        report.deactivated.push(u.email);
        return;
      }
      const { dn: _dn, provisioned, ...user } = u;
      const r = await applyGroupMappings(tx, idp, user, mapped, meta, provisioned);
      if (r.roleChanged || r.added.length || r.removed.length) report.updated++;
    });
  }
  await db().$transaction((tx) =>
    recordAudit(tx, idp.orgId, meta, {
      action: "idp.sync",
      outcome: "success",
      target: { type: "identity_provider", id: idp.id, label: idp.name },
      data: { checked: report.checked, updated: report.updated, deactivated: report.deactivated.length },
    }),
  );
  log("info", "ldap sync", { ...report, deactivated: report.deactivated.length });
  return report;
}

/** Every enabled LDAP IdP of every org; one failing directory does not stop the others. */
export async function syncAllLdapDirectories(): Promise<(SyncReport | { idp: string; error: string })[]> {
  const idps = await db().identityProvider.findMany({ where: { type: "ldap", enabled: true } });
  const out: (SyncReport | { idp: string; error: string })[] = [];
  for (const idp of idps) {
    try {
      out.push(await syncLdapDirectory(idp));
    } catch (e) {
      log("error", "ldap sync failed", { idp: idp.slug, err: (e as Error).message });
      out.push({ idp: idp.slug, error: (e as Error).message });
    }
  }
  return out;
}
