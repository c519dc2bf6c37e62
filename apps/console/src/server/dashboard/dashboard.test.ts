import { Prisma } from "@luminous/db";
import { describe, expect, it } from "vitest";
import { bucketPercentiles, durationBucket } from "./percentiles";
import { periodParts } from "./period-parts";
import { ZDashboardQuery } from "./schemas";
import { DAY, HOUR, splitPeriod } from "./split-period";

describe("splitPeriod", () => {
  it("reads whole hours from the rollup and the ragged ends from the events", () => {
    const from = new Date("2026-03-01T10:20:00Z");
    const to = new Date("2026-03-01T14:05:00Z");
    const s = splitPeriod(from, to, HOUR);
    expect(s.body).toEqual({ from: new Date("2026-03-01T11:00:00Z"), to: new Date("2026-03-01T14:00:00Z") });
    expect(s.edges).toEqual([
      { from, to: new Date("2026-03-01T11:00:00Z") },
      { from: new Date("2026-03-01T14:00:00Z"), to },
    ]);
  });
  it("has no edges on aligned bounds and no body inside one unit", () => {
    const s = splitPeriod(new Date("2026-03-01T00:00:00Z"), new Date("2026-03-03T00:00:00Z"), DAY);
    expect(s.edges).toEqual([]);
    expect(s.body?.to).toEqual(new Date("2026-03-03T00:00:00Z"));
    const inside = splitPeriod(new Date("2026-03-01T10:20:00Z"), new Date("2026-03-01T10:40:00Z"), HOUR);
    expect(inside.body).toBeNull();
    expect(inside.edges).toHaveLength(1);
  });
});

describe("bucketPercentiles", () => {
  it("gives nearest-rank percentiles", () => {
    // 1..100 ms: p50 = 50, p95 = 95, p99 = 99
    const b = Array.from({ length: 100 }, (_, i) => ({ value: i + 1, n: 1 }));
    expect(bucketPercentiles(b, [50, 95, 99])).toEqual({ count: 100, values: [50, 95, 99] });
  });
  it("weighs buckets by their counts and says nothing without values", () => {
    expect(
      bucketPercentiles(
        [
          { value: 4800, n: 1 },
          { value: 2100, n: 19 },
        ],
        [50, 95, 99],
      ).values,
    ).toEqual([2100, 2100, 4800]);
    expect(bucketPercentiles([], [50]).values).toEqual([null]);
  });
});

describe("durationBucket", () => {
  it("rounds down to two significant digits", () => {
    expect([0, 99, 100, 199, 1099, 1234, 12_345_678].map(durationBucket)).toEqual([
      0, 99, 100, 190, 1000, 1200, 12_000_000,
    ]);
  });
});

describe("ZDashboardQuery", () => {
  it("names the failing field", () => {
    const r = ZDashboardQuery.safeParse({ from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["to"]);
    expect(ZDashboardQuery.safeParse({ range: "2y" }).error?.issues[0]?.path).toEqual(["range"]);
    expect(ZDashboardQuery.safeParse({ from: "2026-03-01T00:00:00Z" }).error?.issues[0]?.path).toEqual(["to"]);
  });
});

describe("periodParts", () => {
  const iso = (d: Date) => d.toISOString();
  const tag = (name: string) => (r: { from: Date; to: Date }) => Prisma.sql`${`${name} ${iso(r.from)} ${iso(r.to)}`}`;
  const parts = (from: string, to: string, day = true) =>
    periodParts(new Date(from), new Date(to), {
      ...(day ? { day: tag("day") } : {}),
      hour: tag("hour"),
      raw: tag("raw"),
    }).map((p) => p.values[0]);
  it("reads whole days, then whole hours, then minutes, each once", () => {
    expect(parts("2026-11-19T22:30:00Z", "2026-11-21T01:10:00Z")).toEqual([
      "day 2026-11-20T00:00:00.000Z 2026-11-21T00:00:00.000Z",
      "hour 2026-11-19T23:00:00.000Z 2026-11-20T00:00:00.000Z",
      "raw 2026-11-19T22:30:00.000Z 2026-11-19T23:00:00.000Z",
      "hour 2026-11-21T00:00:00.000Z 2026-11-21T01:00:00.000Z",
      "raw 2026-11-21T01:00:00.000Z 2026-11-21T01:10:00.000Z",
    ]);
  });
  it("goes to the next finer source a figure has", () => {
    expect(parts("2026-11-19T22:30:00Z", "2026-11-20T01:00:00Z", false)).toEqual([
      "hour 2026-11-19T23:00:00.000Z 2026-11-20T01:00:00.000Z",
      "raw 2026-11-19T22:30:00.000Z 2026-11-19T23:00:00.000Z",
    ]);
  });
});
