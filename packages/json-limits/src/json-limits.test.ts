import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkValueLimits, JSON_LIMITS, JsonLimitError, parseJsonWithin, scanJsonDepth } from "./index";

const nestedArrays = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const nestedObjects = (n: number, key = "a") => `${`{"${key}":`.repeat(n)}1${"}".repeat(n)}`;

describe("scanJsonDepth", () => {
  it("finds nesting past the limit and names the path to it", () => {
    const text = `{"events":[{"seq":1},{"seq":2,"details":{"x":${nestedArrays(2000)}}}]}`;
    const scan = scanJsonDepth(text, { maxDepth: 64 });
    expect(scan.tooDeep).toHaveLength(1);
    expect(scan.tooDeep[0]!.path.slice(0, 5)).toEqual(["events", 1, "details", "x", 0]);
  });

  it("counts the root as level 1: exactly the limit passes, one more does not", () => {
    expect(scanJsonDepth(nestedArrays(64), { maxDepth: 64 }).tooDeep).toEqual([]);
    expect(scanJsonDepth(nestedArrays(65), { maxDepth: 64 }).tooDeep).toHaveLength(1);
    expect(scanJsonDepth(nestedObjects(64), { maxDepth: 64 }).tooDeep).toEqual([]);
    expect(scanJsonDepth(nestedObjects(65), { maxDepth: 64 }).tooDeep).toHaveLength(1);
  });

  it("is not fooled by brackets, quotes and backslashes inside strings", () => {
    const s = JSON.stringify({ a: "[[[[{{{{".repeat(100), b: 'x\\"[[[', c: "\\\\", d: [[1]] });
    expect(scanJsonDepth(s, { maxDepth: 3 }).tooDeep).toEqual([]);
    expect(scanJsonDepth(s, { maxDepth: 2 }).tooDeep[0]!.path).toEqual(["d", 0]);
    // An escaped key is reported decoded.
    const k = JSON.stringify({ 'we"ird\\key': [[[]]] });
    expect(scanJsonDepth(k, { maxDepth: 2 }).tooDeep[0]!.path).toEqual(['we"ird\\key', 0]);
  });

  it("reports each too-deep element once, up to maxReports", () => {
    const text = `[${nestedArrays(100)},1,${nestedObjects(100)},${nestedArrays(100)}]`;
    const scan = scanJsonDepth(text, { maxDepth: 10, maxReports: 10 });
    expect(scan.tooDeep.map((t) => t.path[0])).toEqual([0, 2, 3]);
    expect(scanJsonDepth(text, { maxDepth: 10, maxReports: 2 }).truncated).toBe(true);
  });

  it("ends on malformed and truncated text without throwing", () => {
    for (const t of ["", "]]]]}}}", '{"a":"unterminated', "[[[[", '{"a" "b"}', "\u0000[", '"\\'])
      expect(() => scanJsonDepth(t)).not.toThrow();
  });
});

describe("parseJsonWithin", () => {
  it("refuses 1,500 nested levels (3 KB) naming the field, where parse-then-validate overflows the stack", () => {
    const text = `{"type":"command_received","details":{"k":${nestedArrays(1500)}}}`;
    expect(text.length).toBeLessThan(3200);
    // What the refusal prevents: recursive code on the parsed value overflows.
    const parsed = JSON.parse(text);
    expect(() => z.json().parse(parsed)).toThrow(RangeError);
    const err = (() => {
      try {
        parseJsonWithin(text, { root: "(event)" });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(JsonLimitError);
    expect(err).toMatchObject({ kind: "too_deep" });
    expect((err as JsonLimitError).path).toMatch(/^details\.k\.0\.0\.0/);
    expect((err as Error).message).toMatch(`nests deeper than ${JSON_LIMITS.maxDepth} levels`);
    // The path is shortened: a refusal of a deep value stays small.
    expect((err as Error).message.length).toBeLessThan(200);
  });

  it("refuses oversized text by its UTF-8 size, and malformed text as malformed", () => {
    expect(() => parseJsonWithin(JSON.stringify("é".repeat(600)), { maxBytes: 1000 })).toThrow(
      /larger than 1000 bytes/,
    );
    expect(parseJsonWithin(JSON.stringify("a".repeat(900)), { maxBytes: 1000 })).toHaveLength(900);
    expect(() => parseJsonWithin('{"a":')).toThrow(expect.objectContaining({ kind: "malformed" }));
    expect(parseJsonWithin("  ", { empty: {} })).toEqual({});
    expect(() => parseJsonWithin("")).toThrow(expect.objectContaining({ kind: "malformed" }));
  });
});

describe("checkValueLimits", () => {
  it("refuses a parsed value nested past the limit without recursing", () => {
    const deep = JSON.parse(nestedObjects(100_000, "groups"));
    expect(checkValueLimits({ sub: "x", claims: deep }, {}, "claims")).toEqual({
      path: expect.stringMatching(/^claims\.groups\.groups/),
      message: `nests deeper than ${JSON_LIMITS.maxDepth} levels`,
    });
  });

  it("refuses huge strings and too many values, accepts ordinary claims", () => {
    expect(checkValueLimits({ name: "x".repeat(JSON_LIMITS.maxStringLength + 1) })?.message).toMatch(/longer than/);
    expect(checkValueLimits({ groups: Array.from({ length: 20_000 }, (_, i) => `g${i}`) })?.message).toMatch(
      /more than 10000 values/,
    );
    expect(checkValueLimits({ sub: "u1", email: "a@b.c", groups: ["admins", "dev"], address: { country: "NL" } })).toBe(
      null,
    );
  });
});
