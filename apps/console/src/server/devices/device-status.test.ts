import { describe, expect, it } from "vitest";
import { deviceStatus, policySync } from "./device-status";

const now = Date.parse("2026-01-01T12:00:00Z");
const ago = (s: number) => new Date(now - s * 1000);

describe("device status", () => {
  it("is online within three poll intervals, stale within an hour, offline after", () => {
    expect(deviceStatus({ lastSeenAt: ago(10), revokedAt: null }, now)).toBe("online");
    expect(deviceStatus({ lastSeenAt: ago(180), revokedAt: null }, now)).toBe("online");
    expect(deviceStatus({ lastSeenAt: ago(181), revokedAt: null }, now)).toBe("stale");
    expect(deviceStatus({ lastSeenAt: ago(3600), revokedAt: null }, now)).toBe("stale");
    expect(deviceStatus({ lastSeenAt: ago(3601), revokedAt: null }, now)).toBe("offline");
    expect(deviceStatus({ lastSeenAt: null, revokedAt: null }, now)).toBe("offline");
    expect(deviceStatus({ lastSeenAt: ago(1), revokedAt: ago(0) }, now)).toBe("revoked");
  });

  it("says whether the applied bundle is the latest", () => {
    expect(policySync(null, 1)).toBe("never_synced");
    expect(policySync(2, 3)).toBe("behind");
    expect(policySync(3, 3)).toBe("up_to_date");
  });
});
