import type { Prisma } from "@luminous/db";
import { DAY, HOUR, splitPeriod } from "./split-period";

type Range = { from: Date; to: Date };

/** How one figure reads a range from each source: daily rollup, hourly rollup, the events themselves. */
export interface TSources {
  day?: (r: Range) => Prisma.Sql;
  hour?: (r: Range) => Prisma.Sql;
  raw: (r: Range) => Prisma.Sql;
}

/**
 * The queries that together cover [from, to) exactly once: its whole UTC days from the daily
 * rollup, the whole hours left at either end from the hourly one, and the minutes left from the
 * events. A source a figure has not is skipped down to the next finer one.
 */
export function periodParts(from: Date, to: Date, s: TSources): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  const days = s.day ? splitPeriod(from, to, DAY) : { body: null, edges: [{ from, to }] };
  if (days.body && s.day) parts.push(s.day(days.body));
  for (const e of days.edges) {
    const hours = s.hour ? splitPeriod(e.from, e.to, HOUR) : { body: null, edges: [e] };
    if (hours.body && s.hour) parts.push(s.hour(hours.body));
    parts.push(...hours.edges.map(s.raw));
  }
  return parts;
}
