import type { SignedCheckpoint } from "@luminous/audit";
import { db } from "../db";

/** The header that carries an org's latest signed checkpoints on every policy poll (200 and 304 alike). */
export const CHECKPOINTS_HEADER = "x-luminous-checkpoints";

/** Checkpoints change once per worker interval (minutes): a poll reuses what was read this recently. */
const TTL_MS = 10_000;
const MAX_ORGS = 10_000;
const cache = new Map<string, { until: number; header: string | null }>();

/**
 * The org's newest signed checkpoint of each lane, as the header value agents keep as witnesses:
 * base64url of the JSON array of signed checkpoints (null: the org has none yet). A 304 cannot
 * carry a body, hence a header; four checkpoints are about 2.5 KB.
 */
export async function latestCheckpointsHeader(orgId: string, now = Date.now()): Promise<string | null> {
  const hit = cache.get(orgId);
  if (hit && hit.until > now) return hit.header;
  const rows = await db().$queryRaw<{ payload: unknown; signature: string }[]>`
    SELECT DISTINCT ON ("lane") "payload", "signature" FROM "ChainCheckpoint"
    WHERE "orgId" = ${orgId}::uuid ORDER BY "lane", "seq" DESC`;
  const cps: SignedCheckpoint[] = rows.map((r) => ({
    payload: r.payload as SignedCheckpoint["payload"],
    signature: r.signature,
  }));
  const header = cps.length ? Buffer.from(JSON.stringify(cps)).toString("base64url") : null;
  if (cache.size >= MAX_ORGS) cache.delete(cache.keys().next().value as string);
  cache.set(orgId, { until: now + TTL_MS, header });
  return header;
}
