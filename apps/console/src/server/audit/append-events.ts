import { randomUUID } from "node:crypto";
import { GENESIS_HASH, serverLinkHash } from "@luminous/audit";
import { canonicalize, sha256Hex } from "@luminous/crypto";
import type { Prisma } from "@luminous/db";
import type { Tx } from "../db";

/** One row for the audit table, before the server chain is applied. */
export type AuditRow = Omit<
  Prisma.AuditEventUncheckedCreateInput,
  "id" | "orgId" | "serverSeq" | "serverHash" | "receivedAt" | "hash"
> & { id?: string; hash?: string | null };

/** Column order of the bulk insert: one Postgres array parameter per column, unnested into rows. */
const COLUMNS = [
  ["id", "uuid"],
  ["ts", "timestamptz"],
  ["orgId", "uuid"],
  ["receivedAt", "timestamptz"],
  ["category", "text"],
  ["type", "text"],
  ["action", "text"],
  ["outcome", "text"],
  ["actorType", "text"],
  ["actorId", "text"],
  ["actorLabel", "text"],
  ["targetType", "text"],
  ["targetId", "text"],
  ["targetLabel", "text"],
  ["before", "jsonb"],
  ["after", "jsonb"],
  ["ip", "text"],
  ["userAgent", "text"],
  ["sessionId", "text"],
  ["requestId", "text"],
  ["deviceId", "uuid"],
  ["seq", "bigint"],
  ["subject", "text"],
  ["command", "text"],
  ["packages", "text"],
  ["services", "text"],
  ["data", "jsonb"],
  ["prevHash", "text"],
  ["hash", "text"],
  ["serverSeq", "bigint"],
  ["serverHash", "text"],
] as const;

// text[] columns travel as Postgres array literals (unnest cannot take ragged 2-D arrays).
const ARRAY_COLUMNS = new Set(["packages", "services"]);
const INSERT_SQL = `INSERT INTO "AuditEvent" (${COLUMNS.map(([c]) => `"${c}"`).join(", ")})
  SELECT ${COLUMNS.map(([c], i) => (ARRAY_COLUMNS.has(c) ? `u.c${i}::text[]` : `u.c${i}`)).join(", ")}
  FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ")}) AS u(${COLUMNS.map((_, i) => `c${i}`).join(", ")})`;

const arrayLiteral = (xs: readonly string[]) =>
  `{${xs.map((x) => `"${x.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;

function jsonText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  // Prisma.JsonNull / DbNull mean SQL NULL here (no audit row stores a JSON null).
  const kind = (v as object).constructor?.name;
  if (kind === "JsonNull" || kind === "DbNull" || kind === "AnyNull") return null;
  return JSON.stringify(v);
}

function columnValue(col: string, v: unknown): unknown {
  if (v === undefined || v === null) return ARRAY_COLUMNS.has(col) ? "{}" : null;
  if (ARRAY_COLUMNS.has(col)) return arrayLiteral(v as string[]);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return v.toString();
  if (col === "before" || col === "after" || col === "data") return jsonText(v);
  return v;
}

/**
 * Appends rows to an org's audit trail inside the caller's transaction. The org's chain head is
 * locked for the rest of the transaction, so the server chain stays linear across console nodes;
 * each row is linked to the previous one (serverLinkHash), which is what `audit:verify` checks.
 * Admin events carry no agent hash: their content hash is computed here. Rows go in as one
 * INSERT ... SELECT FROM unnest(...) with one array parameter per column: a single round trip and a
 * single plan whatever the batch size (ingestion's hot path).
 */
export async function appendAuditEvents(
  tx: Tx,
  orgId: string,
  rows: AuditRow[],
): Promise<{ id: string; serverSeq: bigint }[]> {
  if (rows.length === 0) return [];
  // Hash the content before taking the org lock: the lock is held only for linking and inserting.
  const prepared = rows.map((row) => ({
    row,
    id: row.id ?? randomUUID(),
    hash: row.hash ?? sha256Hex(canonicalize(contentOf(row))),
  }));
  const [head] = await tx.$queryRaw<{ serverSeq: bigint; hash: string }[]>`
    INSERT INTO "AuditChainHead" ("orgId", "serverSeq", "hash", "updatedAt")
    VALUES (${orgId}::uuid, 0, ${GENESIS_HASH}, now())
    ON CONFLICT ("orgId") DO UPDATE SET "updatedAt" = "AuditChainHead"."updatedAt"
    RETURNING "serverSeq", "hash"`;
  if (!head) throw new Error("audit chain head missing");
  let prev = head.hash;
  let seq = BigInt(head.serverSeq);
  const receivedAt = new Date();
  const columns: unknown[][] = COLUMNS.map(() => []);
  const out: { id: string; serverSeq: bigint }[] = [];
  for (const { row, id, hash } of prepared) {
    seq += 1n;
    const serverHash = serverLinkHash(prev, {
      id,
      deviceId: row.deviceId ?? null,
      seq: row.seq ?? null,
      hash,
      receivedAt,
    });
    const full: Record<string, unknown> = { ...row, id, orgId, hash, receivedAt, serverSeq: seq, serverHash };
    COLUMNS.forEach(([c], i) => {
      columns[i]!.push(columnValue(c, full[c]));
    });
    out.push({ id, serverSeq: seq });
    prev = serverHash;
  }
  await tx.$executeRawUnsafe(INSERT_SQL, ...columns);
  await tx.$executeRaw`UPDATE "AuditChainHead" SET "serverSeq" = ${seq}, "hash" = ${prev}, "updatedAt" = now()
    WHERE "orgId" = ${orgId}::uuid`;
  return out;
}

/** The fields of an admin event that its content hash covers (what an auditor would call "the event"). */
export function contentOf(row: AuditRow): Record<string, unknown> {
  return {
    ts: new Date(row.ts as Date | string).toISOString(),
    category: row.category,
    type: row.type,
    action: row.action ?? null,
    outcome: row.outcome,
    actorType: row.actorType,
    actorId: row.actorId ?? null,
    actorLabel: row.actorLabel ?? null,
    targetType: row.targetType ?? null,
    targetId: row.targetId ?? null,
    targetLabel: row.targetLabel ?? null,
    before: row.before ?? null,
    after: row.after ?? null,
    ip: row.ip ?? null,
    userAgent: row.userAgent ?? null,
    sessionId: row.sessionId ?? null,
    deviceId: row.deviceId ?? null,
    data: row.data ?? null,
  };
}
