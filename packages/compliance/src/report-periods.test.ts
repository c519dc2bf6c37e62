import { describe, expect, it } from "vitest";
import { previousPeriod } from "./report-periods";

const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe("previousPeriod", () => {
  it("monthly: the whole previous calendar month, across a year boundary too", () => {
    expect(iso(previousPeriod("monthly", new Date("2026-03-14T10:00:00Z")))).toEqual([
      "2026-02-01T00:00:00.000Z",
      "2026-03-01T00:00:00.000Z",
    ]);
    expect(iso(previousPeriod("monthly", new Date("2026-01-01T00:00:00Z")))).toEqual([
      "2025-12-01T00:00:00.000Z",
      "2026-01-01T00:00:00.000Z",
    ]);
  });

  it("weekly: the previous ISO week, Monday to Monday", () => {
    // 2026-03-14 is a Saturday; the week before the one it is in ran 2 to 9 March.
    expect(iso(previousPeriod("weekly", new Date("2026-03-14T23:59:00Z")))).toEqual([
      "2026-03-02T00:00:00.000Z",
      "2026-03-09T00:00:00.000Z",
    ]);
    // On a Monday the week that just ended.
    expect(iso(previousPeriod("weekly", new Date("2026-03-16T00:00:00Z")))).toEqual([
      "2026-03-09T00:00:00.000Z",
      "2026-03-16T00:00:00.000Z",
    ]);
    // A Sunday belongs to the week that started six days before.
    expect(iso(previousPeriod("weekly", new Date("2026-03-15T12:00:00Z")))).toEqual([
      "2026-03-02T00:00:00.000Z",
      "2026-03-09T00:00:00.000Z",
    ]);
  });
});
