import { Prisma } from "@luminous/db";
import { z } from "zod";
import { AppError } from "../http/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (max: number) => z.string().trim().max(max).optional();

/** The audit browser's filters: shared by the list, the export, the page's URL and the OpenAPI document. */
export const ZAuditFilter = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  category: z.enum(["admin", "agent", "integrity"]).optional(),
  /** Workstation user (agent events) or signed-in actor (console events), exact. */
  user: text(256),
  /** Actor label contains (case-insensitive); kept for console events. */
  actor: text(200),
  /** Device id or hostname. */
  device: text(253),
  /** Group id: its devices' events and its members' console actions. */
  group: z.string().regex(UUID, "must be a group id").optional(),
  type: text(120),
  outcome: text(40),
  /** Exact action, or a prefix when it ends with "." or "*" (e.g. "user."). */
  action: text(120),
  package: text(256),
  service: text(256),
  /** Free text over the command (case-insensitive substring). */
  q: text(200),
  /**
   * The request id of the console request that recorded the event: the reference a user is
   * shown after a refused sign-in (exact).
   */
  requestId: text(128),
});
export type TAuditFilter = z.infer<typeof ZAuditFilter>;

/** A from after the to matches nothing: said, not answered with an empty page (list and export). */
export function checkRange(f: { from?: string; to?: string }): void {
  if (f.from && f.to && Date.parse(f.from) > Date.parse(f.to)) {
    const message = "From is after To: no event can match; swap them";
    throw new AppError("validation", message, { fields: [{ path: "from", message }] });
  }
}

/** Keyset cursor over (ts desc, id desc): stable while new events arrive. */
export function decodeCursor(c: string): { ts: Date; id: string } {
  try {
    const [ts, id] = Buffer.from(c, "base64url").toString("utf8").split("|");
    const d = new Date(ts ?? "");
    if (Number.isNaN(d.getTime()) || !id || !UUID.test(id)) throw new Error();
    return { ts: d, id };
  } catch {
    throw new AppError("validation", "Invalid cursor", { fields: [{ path: "cursor", message: "Invalid cursor" }] });
  }
}
export const encodeCursor = (ts: Date, id: string) => Buffer.from(`${ts.toISOString()}|${id}`).toString("base64url");

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/** What auditWhere uses instead of a filter's own lookup, when the caller resolved it first. */
export interface TAuditLookups {
  /** The group's devices and members' emails that have events in the range searched (not every one of them). */
  group?: { devices: string[]; users: string[] };
  /** Look command text up through these of its trigrams (see rarestPieces), then check the phrase on the rows found. */
  commandPieces?: string[];
}

/**
 * The plain bounds on ts of a filter's range and of a cursor (`<=` the cursor's ts: rows of that
 * same instant with a smaller id come after it). Plain comparisons let Postgres skip the partitions
 * outside them; it does not prune on the (ts, id) row comparison.
 */
export function tsBounds(f: TAuditFilter, after?: { ts: Date; id: string }): Prisma.Sql[] {
  return [
    ...(f.from ? [Prisma.sql`e."ts" >= ${new Date(f.from)}`] : []),
    ...(f.to ? [Prisma.sql`e."ts" < ${new Date(f.to)}`] : []),
    ...(after ? [Prisma.sql`e."ts" <= ${after.ts}`] : []),
  ];
}

/**
 * The WHERE clause for an org and a filter (every condition parameterised). Each filter has an
 * index leading with orgId and ending in (ts DESC, id DESC), so pages are index range scans.
 */
export function auditWhere(
  orgId: string,
  f: TAuditFilter,
  after?: { ts: Date; id: string },
  lookups: TAuditLookups = {},
): Prisma.Sql {
  const c: Prisma.Sql[] = [Prisma.sql`e."orgId" = ${orgId}::uuid`, ...tsBounds(f, after)];
  if (f.category) c.push(Prisma.sql`e."category" = ${f.category}`);
  if (f.user) c.push(Prisma.sql`coalesce(e."subject", e."actorLabel") = ${f.user}`);
  if (f.actor) c.push(Prisma.sql`e."actorLabel" ILIKE ${`%${likeEscape(f.actor)}%`}`);
  if (f.device) {
    c.push(
      UUID.test(f.device)
        ? Prisma.sql`e."deviceId" = ${f.device}::uuid`
        : Prisma.sql`e."deviceId" IN (SELECT d."id" FROM "Device" d WHERE d."orgId" = ${orgId}::uuid AND d."hostname" = ${f.device})`,
    );
  }
  if (f.group && lookups.group) {
    const { devices, users } = lookups.group;
    const sides = [
      ...(devices.length ? [Prisma.sql`e."deviceId" = ANY(${devices}::uuid[])`] : []),
      ...(users.length ? [Prisma.sql`coalesce(e."subject", e."actorLabel") = ANY(${users}::text[])`] : []),
    ];
    c.push(sides.length ? Prisma.sql`(${Prisma.join(sides, " OR ")})` : Prisma.sql`false`);
  } else if (f.group) {
    // Its devices' events and its members' own actions; both sides are index lookups (= ANY).
    c.push(Prisma.sql`(e."deviceId" = ANY(ARRAY(SELECT d."id" FROM "Device" d WHERE d."orgId" = ${orgId}::uuid AND d."groupId" = ${f.group}::uuid))
      OR coalesce(e."subject", e."actorLabel") = ANY(ARRAY(SELECT u."email" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
        WHERE m."orgId" = ${orgId}::uuid AND m."groupId" = ${f.group}::uuid)))`);
  }
  if (f.requestId) c.push(Prisma.sql`e."requestId" = ${f.requestId}`);
  if (f.type) c.push(Prisma.sql`e."type" = ${f.type}`);
  if (f.outcome) c.push(Prisma.sql`e."outcome" = ${f.outcome}`);
  if (f.action) {
    const prefix = f.action.endsWith("*") ? f.action.slice(0, -1) : f.action.endsWith(".") ? f.action : null;
    c.push(
      prefix !== null ? Prisma.sql`e."action" LIKE ${`${likeEscape(prefix)}%`}` : Prisma.sql`e."action" = ${f.action}`,
    );
  }
  if (f.package) c.push(Prisma.sql`e."packages" @> ARRAY[${f.package}]::text[]`);
  if (f.service) c.push(Prisma.sql`e."services" @> ARRAY[${f.service}]::text[]`);
  if (f.q && lookups.commandPieces?.length) {
    // The pieces are what the trigram index reads; coalesce() keeps the phrase itself out of the
    // index condition (it would add every trigram back) and checks it on each row found.
    for (const p of lookups.commandPieces) c.push(Prisma.sql`e."command" ILIKE ${`%${p}%`}`);
    c.push(Prisma.sql`coalesce(e."command", '') ILIKE ${`%${likeEscape(f.q)}%`}`);
  } else if (f.q) c.push(Prisma.sql`e."command" ILIKE ${`%${likeEscape(f.q)}%`}`);
  if (after) c.push(Prisma.sql`(e."ts", e."id") < (${after.ts}, ${after.id}::uuid)`);
  return Prisma.join(c, " AND ");
}
