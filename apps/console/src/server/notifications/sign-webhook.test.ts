import { describe, expect, it } from "vitest";
import { signWebhook, verifyWebhook } from "./sign-webhook";

const secret = "lnxw_test-secret";
const body = JSON.stringify({ type: "approval.requested", data: { id: "r1" } });

describe("webhook signatures", () => {
  it("is HMAC-SHA256 over timestamp.body, hex, with a version prefix", () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'k'
    expect(signWebhook("k", 1700000000, '{"a":1}')).toBe(
      "v1=1b6ad1bc9bf48c52ce01939866d5877c6cc4e87ddad27e16673cb8c4964394a3",
    );
    expect(signWebhook(secret, 1, body)).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it("verifies a fresh signature and refuses a changed body, another secret, or an old timestamp", () => {
    const now = 1_800_000_000;
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhook(secret, { signature: sig, timestamp: String(now) }, body, { now })).toEqual({ ok: true });
    expect(verifyWebhook(secret, { signature: sig, timestamp: String(now) }, `${body} `, { now })).toEqual({
      ok: false,
      reason: "signature",
    });
    expect(verifyWebhook("other", { signature: sig, timestamp: String(now) }, body, { now }).ok).toBe(false);
    // the same bytes replayed ten minutes later
    expect(verifyWebhook(secret, { signature: sig, timestamp: String(now) }, body, { now: now + 600 })).toEqual({
      ok: false,
      reason: "stale",
    });
    // a timestamp moved forward no longer matches the signature
    expect(verifyWebhook(secret, { signature: sig, timestamp: String(now + 1) }, body, { now }).ok).toBe(false);
    expect(verifyWebhook(secret, { signature: sig, timestamp: "soon" }, body, { now })).toEqual({
      ok: false,
      reason: "malformed",
    });
  });
});
