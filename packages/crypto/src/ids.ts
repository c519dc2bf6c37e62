import { randomUUID } from "node:crypto";

// The time part of the last id made: ids come in batches (one per ingested event), most of them
// within the same millisecond, so its hex is formatted once per millisecond, not once per id.
let lastMs = -1;
let lastPrefix = "";

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids made
 * close in time sort close together, so a B-tree over them grows at its right edge instead of
 * splitting pages all over the index (what random v4 ids do to the audit table's primary key).
 */
export function uuidv7(now: number = Date.now()): string {
  const r = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, variant bits already set
  const ms = Math.max(0, Math.floor(now));
  if (ms !== lastMs) {
    const ts = ms.toString(16).padStart(12, "0").slice(-12);
    lastPrefix = `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7`;
    lastMs = ms;
  }
  return lastPrefix + r.slice(15);
}
