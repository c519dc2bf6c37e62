import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, matchTotpStep, totpAt, verifyTotp } from "./totp";

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890", truncated to 6 digits.
const SEED = base32Encode(Buffer.from("12345678901234567890"));

describe("TOTP", () => {
  it("matches the RFC 6238 test vectors", () => {
    expect(totpAt(SEED, 59_000)).toBe("287082");
    expect(totpAt(SEED, 1111111109_000)).toBe("081804");
    expect(totpAt(SEED, 1234567890_000)).toBe("005924");
    expect(totpAt(SEED, 20000000000_000)).toBe("353130");
  });
  it("accepts one step of drift and nothing further", () => {
    const now = 1234567890_000;
    expect(verifyTotp(SEED, totpAt(SEED, now - 30_000), now)).toBe(true);
    expect(verifyTotp(SEED, totpAt(SEED, now - 90_000), now)).toBe(false);
    expect(verifyTotp(SEED, "12345", now)).toBe(false);
  });
  it("round-trips base32", () => {
    const b = Buffer.from([0, 1, 2, 250, 255, 17]);
    expect(base32Decode(base32Encode(b))).toEqual(b);
  });
});

describe("matchTotpStep", () => {
  it("names the time step a code belongs to, so it can be spent", () => {
    const now = 1234567890_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotpStep(SEED, totpAt(SEED, now), now)).toBe(step);
    expect(matchTotpStep(SEED, totpAt(SEED, now - 30_000), now)).toBe(step - 1);
    expect(matchTotpStep(SEED, totpAt(SEED, now + 30_000), now)).toBe(step + 1);
    expect(matchTotpStep(SEED, totpAt(SEED, now - 90_000), now)).toBeNull();
  });
});
