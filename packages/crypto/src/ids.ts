import { randomUUID } from "node:crypto";

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Ids made
 * close in time sort close together, so a B-tree over them grows at its right edge instead of
 * splitting pages all over the index (what random v4 ids do to the audit table's primary key).
 */
export function uuidv7(now: number = Date.now()): string {
  const r = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx, variant bits already set
  const ts = Math.max(0, Math.floor(now)).toString(16).padStart(12, "0").slice(-12);
  return `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7${r.slice(15)}`;
}
