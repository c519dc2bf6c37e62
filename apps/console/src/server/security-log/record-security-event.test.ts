import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordSecurityEvent, SECURITY_LOG_PER_WINDOW } from "./record-security-event";

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.useFakeTimers();
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("security log", () => {
  it("writes at most PER_WINDOW lines a minute per source, then one line saying it stopped", () => {
    for (let i = 0; i < SECURITY_LOG_PER_WINDOW + 50; i++) recordSecurityEvent("test.flood", "198.51.100.1", { i });
    const out = parsed();
    expect(out.filter((l) => l.msg === "security event")).toHaveLength(SECURITY_LOG_PER_WINDOW);
    expect(out.filter((l) => l.msg === "security event rate limit reached")).toHaveLength(1);
    // Another source is not silenced by the first one's flood.
    recordSecurityEvent("test.flood", "198.51.100.2");
    expect(parsed().at(-1)).toMatchObject({ msg: "security event", source: "198.51.100.2" });
  });

  it("reports how many were suppressed when the next window opens", () => {
    for (let i = 0; i < SECURITY_LOG_PER_WINDOW + 7; i++) recordSecurityEvent("test.window", "198.51.100.3");
    vi.advanceTimersByTime(61_000);
    recordSecurityEvent("test.window", "198.51.100.3");
    const out = parsed();
    expect(out.find((l) => l.msg === "security event suppressed")).toMatchObject({ count: 7 });
    expect(out.at(-1)).toMatchObject({ msg: "security event", event: "test.window" });
  });

  it("clips attacker-chosen text", () => {
    recordSecurityEvent("test.clip", "198.51.100.4", { hostname: "x".repeat(5000) });
    expect(String(parsed().at(-1)?.hostname ?? "")).toHaveLength(128);
  });
});
