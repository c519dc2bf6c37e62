import { Prisma } from "@luminous/db";
import { db } from "../db";
import { type TAuditFilter, type TAuditLookups, tsBounds } from "./audit-filter";
import { auditStats } from "./audit-stats";
import { commandPieces, rarestPieces } from "./command-pieces";

/**
 * What a sparse filter can look up before any walk over time: the group's devices and members
 * that have events in range, whether a package or service occurs in range at all (unless the
 * statistics show it common), and, for command text the statistics show to be rare, the few
 * trigram pieces worth reading. null when nothing can match, so the page is empty at once instead
 * of after windows walked for nothing. The result stays exactly the same.
 */
export async function resolveAuditLookups(
  orgId: string,
  filter: TAuditFilter,
  after?: { ts: Date; id: string },
): Promise<TAuditLookups | null> {
  const bounds = tsBounds(filter, after);
  const inRange = bounds.length ? Prisma.sql`AND ${Prisma.join(bounds, " AND ")}` : Prisma.empty;
  const lookups: TAuditLookups = {};
  if (filter.group) {
    lookups.group = await groupSources(orgId, filter.group, inRange);
    if (lookups.group.devices.length === 0 && lookups.group.users.length === 0) return null;
  }
  const stats = filter.package || filter.service || filter.q ? await auditStats() : undefined;
  // Whether a package or service occurs at all, unless the statistics show it common: its
  // bitmap would cost more than the walk that finds it (a rare or missing one's is small).
  const uncommon = (value?: string, common?: Set<string>) => !!value && !common?.has(value);
  const ask = uncommon(filter.package, stats?.packages) || uncommon(filter.service, stats?.services);
  if (ask && !(await anyTagged(orgId, filter, inRange))) return null;
  if (filter.q) {
    // fewer pieces than the phrase has: no sampled command holds them all
    const pieces = commandPieces(filter.q);
    const rarest = rarestPieces(pieces, stats?.commands ?? []);
    if (rarest.length < pieces.length) lookups.commandPieces = rarest;
  }
  return lookups;
}

/**
 * The group's devices (probed on the (orgId, deviceId, ts) index) and members' emails (on the user
 * index) with at least one event in range: a source without one cannot add a row. Each probe stops
 * at its first event and reads only the partitions the range reaches, so a silent group costs one
 * index descent per device and partition.
 */
async function groupSources(orgId: string, groupId: string, inRange: Prisma.Sql) {
  const rows = await db().$queryRaw<{ kind: "device" | "user"; key: string }[]>`
    SELECT 'device' AS kind, d."id"::text AS key FROM "Device" d
    WHERE d."orgId" = ${orgId}::uuid AND d."groupId" = ${groupId}::uuid
      AND EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = ${orgId}::uuid AND e."deviceId" = d."id" ${inRange})
    UNION ALL
    SELECT 'user', u."email" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
    WHERE m."orgId" = ${orgId}::uuid AND m."groupId" = ${groupId}::uuid
      AND EXISTS (SELECT 1 FROM "AuditEvent" e
        WHERE e."orgId" = ${orgId}::uuid AND coalesce(e."subject", e."actorLabel") = u."email" ${inRange})`;
  return {
    devices: rows.filter((r) => r.kind === "device").map((r) => r.key),
    users: rows.filter((r) => r.kind === "user").map((r) => r.key),
  };
}

/** Whether the package and/or service occurs in range: a look at their GIN indexes, empty for a missing value. */
async function anyTagged(orgId: string, filter: TAuditFilter, inRange: Prisma.Sql) {
  const tags = [
    ...(filter.package ? [Prisma.sql`AND e."packages" @> ARRAY[${filter.package}]::text[]`] : []),
    ...(filter.service ? [Prisma.sql`AND e."services" @> ARRAY[${filter.service}]::text[]`] : []),
  ];
  const [row] = await db().$queryRaw<{ any: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM "AuditEvent" e WHERE e."orgId" = ${orgId}::uuid ${Prisma.join(tags, " ")} ${inRange}) AS "any"`;
  return row?.any ?? true;
}
