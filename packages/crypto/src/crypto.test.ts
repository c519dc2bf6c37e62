import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  canonicalize,
  canonicalizeExcept,
  decryptSecret,
  encryptSecret,
  generateEd25519,
  signEd25519,
  uuidv7,
  verifyEd25519,
} from "./index";

describe("canonicalize", () => {
  it("sorts keys at every depth and drops undefined", () => {
    expect(canonicalize({ b: 1, a: { d: [1, "x"], c: null }, u: undefined })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
  });
  it("refuses non-finite numbers", () => {
    expect(() => canonicalize({ a: Number.NaN })).toThrow(/non-finite/);
  });

  // The bytes every agent already hashed: JSON.stringify's text for each string and number,
  // keys in code-unit order. Written out the slow, obvious way to compare against.
  const reference = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? "null" : reference(x))).join(",")}]`;
    if (v instanceof Date) return JSON.stringify(v.toISOString());
    if (v !== null && typeof v === "object") {
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(",")}}`;
    }
    return JSON.stringify(v);
  };

  it("quotes strings and writes numbers exactly as JSON.stringify does", () => {
    const strings = [
      "",
      "plain ascii",
      'say "hi"',
      "back\\slash",
      "nl\n tab\t cr\r bs\b ff\f nul\u0000 unit\u001f del\u007f",
      "é 日本 \u2028\u2029",
      "pair \ud83d\ude00",
      "lone high \ud83d end",
      "lone low \ude00",
      "\ud83d",
    ];
    const numbers = [0, -0, 1, -1, 1.5, 1e21, 1e-7, 123456789012345680000, 2 ** 53, -1.25e-300, 0.1 + 0.2];
    const value = {
      strings,
      numbers,
      [strings[2] as string]: { [strings[5] as string]: strings[6], "": null },
      flags: [true, false, null, undefined],
      at: new Date(Date.UTC(2026, 10, 27, 12, 0, 0, 5)),
    };
    expect(canonicalize(value)).toBe(reference(value));
    for (const s of strings) expect(canonicalize(s)).toBe(JSON.stringify(s));
    for (const n of numbers) expect(canonicalize(n)).toBe(JSON.stringify(n));
  });

  it("orders keys by UTF-16 code units, numeric-looking and many keys included", () => {
    const small = { b: 1, "10": 2, "2": 3, B: 4, é: 5, "\ud83d\ude00": 6, ab: 7, a: 8 };
    const large = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 17) % 40}`, i]));
    expect(canonicalize(small)).toBe(reference(small));
    expect(canonicalize(large)).toBe(reference(large));
    expect(canonicalize({ nested: [small, large] })).toBe(reference({ nested: [small, large] }));
  });

  it("canonicalizeExcept leaves out one member without touching the object", () => {
    const event = { seq: 2, hash: "h", prevHash: "p", nested: { hash: "kept" } };
    expect(canonicalizeExcept(event, "hash")).toBe('{"nested":{"hash":"kept"},"prevHash":"p","seq":2}');
    expect(event.hash).toBe("h");
    expect(canonicalizeExcept(event, undefined)).toBe(canonicalize(event));
  });
});

describe("ed25519", () => {
  it("verifies its own signature and refuses a changed message or another key", () => {
    const k = generateEd25519();
    const other = generateEd25519();
    const sig = signEd25519(k.privateKeyPem, "hello");
    expect(verifyEd25519(k.publicKey, "hello", sig)).toBe(true);
    expect(verifyEd25519(k.publicKey, "hellO", sig)).toBe(false);
    expect(verifyEd25519(other.publicKey, "hello", sig)).toBe(false);
    expect(k.keyId).not.toBe(other.keyId);
  });
});

describe("secret envelope", () => {
  it("round-trips and refuses the wrong key or purpose", () => {
    const mk = randomBytes(32);
    const env = encryptSecret(mk, "s3cret", "signing-key:org1");
    expect(decryptSecret(mk, env, "signing-key:org1")).toBe("s3cret");
    expect(() => decryptSecret(mk, env, "signing-key:org2")).toThrow();
    expect(() => decryptSecret(randomBytes(32), env, "signing-key:org1")).toThrow();
  });
});

describe("uuidv7", () => {
  it("is a version 7, RFC 9562 variant UUID carrying the millisecond time", () => {
    const at = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at);
  });

  it("sorts by creation time across milliseconds and stays unique within one", () => {
    const ids = Array.from({ length: 1000 }, (_, i) => uuidv7(1_700_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).toBe(1000);
    const firstOfEachMs = ids.filter((_, i) => i % 10 === 0);
    expect([...firstOfEachMs].sort()).toEqual(firstOfEachMs);
  });
});
