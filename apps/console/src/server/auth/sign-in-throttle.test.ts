import { describe, expect, it } from "vitest";
import { backoffSeconds, FREE_FAILURES, MAX_BLOCK_SECONDS } from "./sign-in-throttle";

describe("sign-in backoff", () => {
  it("lets a few mistakes through, then doubles the wait up to the cap", () => {
    expect(Array.from({ length: FREE_FAILURES }, (_, i) => backoffSeconds(i + 1))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8].map(backoffSeconds)).toEqual([30, 60, 120, 240, 480]);
    expect(backoffSeconds(40)).toBe(MAX_BLOCK_SECONDS);
  });
});
