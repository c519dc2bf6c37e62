import { describe, expect, it } from "vitest";
import { signWebhook, TIMESTAMP_HEADER, verifyWebhook } from "./webhook-signature";

describe("webhook signatures", () => {
  const secret = "s3cret-s3cret-s3cret";
  const body = '{"events":[{"id":"1"}]}';
  const now = Date.UTC(2026, 11, 1, 12);
  const h = signWebhook(secret, body, now);
  const parts = { timestamp: h[TIMESTAMP_HEADER], signature: h["x-luminous-signature"] };

  it("a receiver with the secret accepts the body as sent", () => {
    expect(parts.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, parts, { now })).toBe("ok");
  });

  it("refuses a changed body, another secret, a moved timestamp and a replay after the tolerance", () => {
    expect(verifyWebhook(secret, body.replace("1", "2"), parts, { now })).toBe("bad_signature");
    expect(verifyWebhook("another-secret-value", body, parts, { now })).toBe("bad_signature");
    expect(verifyWebhook(secret, body, { ...parts, timestamp: String(Number(parts.timestamp) + 1) }, { now })).toBe(
      "bad_signature",
    );
    expect(verifyWebhook(secret, body, parts, { now: now + 301_000 })).toBe("stale");
    expect(verifyWebhook(secret, body, { signature: parts.signature }, { now })).toBe("missing");
  });
});
