/**
 * Splits [from, to) into the whole units (hours, days) a rollup holds and the ragged edges that
 * must be read from the events themselves: body [bodyFrom, bodyTo) is unit-aligned, edges cover
 * the rest. When no whole unit fits, everything is an edge.
 */
export interface TSplit {
  body: { from: Date; to: Date } | null;
  edges: { from: Date; to: Date }[];
}

export const HOUR = 3600_000;
export const DAY = 86_400_000;

export function splitPeriod(from: Date, to: Date, unitMs: number): TSplit {
  const f = from.getTime();
  const t = to.getTime();
  const a = Math.ceil(f / unitMs) * unitMs;
  const b = Math.floor(t / unitMs) * unitMs;
  if (a >= b) return { body: null, edges: t > f ? [{ from, to }] : [] };
  const edges = [...(f < a ? [{ from, to: new Date(a) }] : []), ...(b < t ? [{ from: new Date(b), to }] : [])];
  return { body: { from: new Date(a), to: new Date(b) }, edges };
}
