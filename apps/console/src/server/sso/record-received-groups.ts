import type { IdentityProvider } from "@luminous/db";
import { db } from "../db";
import { log } from "../log";

/** How many of an IdP's latest sign-ins keep the groups they carried (older ones are pruned). */
export const GROUP_SAMPLES_KEPT = 20;
const MAX_GROUPS = 200;

/**
 * Keeps the groups an IdP sent at a verified sign-in (the last GROUP_SAMPLES_KEPT per IdP) and
 * stamps the mappings they matched, so the IdP page shows what arrives and which mappings never
 * match. Written before provisioning, so a sign-in refused for want of a mapped role still shows
 * what the IdP sent; it never blocks the sign-in itself.
 */
export async function recordReceivedGroups(idp: IdentityProvider, subject: string, groups: string[]): Promise<void> {
  const kept = [...new Set(groups.map((g) => g.slice(0, 512)))].slice(0, MAX_GROUPS);
  const lower = kept.map((g) => g.toLowerCase());
  try {
    await db().$transaction([
      db().idpGroupSample.create({
        data: { orgId: idp.orgId, idpId: idp.id, subject: subject.slice(0, 256), groups: kept },
      }),
      db().$executeRaw`DELETE FROM "IdpGroupSample" WHERE "idpId" = ${idp.id}::uuid AND "id" NOT IN (
        SELECT "id" FROM "IdpGroupSample" WHERE "idpId" = ${idp.id}::uuid ORDER BY "receivedAt" DESC LIMIT ${GROUP_SAMPLES_KEPT})`,
      db().$executeRaw`UPDATE "IdpGroupMapping" SET "lastMatchedAt" = now()
        WHERE "idpId" = ${idp.id}::uuid AND lower("idpGroup") = ANY(${lower}::text[])`,
    ]);
  } catch (e) {
    log("error", "could not keep the groups an IdP sent", { idp: idp.slug, err: (e as Error).message });
  }
}
