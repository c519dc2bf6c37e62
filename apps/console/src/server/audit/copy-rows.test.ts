import { describe, expect, it } from "vitest";
import { copyJson, copyText, copyTextArray, NulInAuditValue } from "./copy-rows";

describe("COPY text encoding of audit values", () => {
  it("writes NULL as \\N and escapes backslash, tab, newline and carriage return", () => {
    expect(copyText("c", null)).toBe("\\N");
    expect(copyText("c", undefined)).toBe("\\N");
    expect(copyText("c", "\\N")).toBe("\\\\N");
    expect(copyText("c", "a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
    expect(copyText("c", 42n)).toBe("42");
  });

  it("quotes every array element, so commas, quotes, braces, empty strings and NULL stay text", () => {
    expect(copyTextArray("p", [])).toBe("{}");
    expect(copyTextArray("p", ["a,b", 'q"', "", "NULL", "{x}"])).toBe('{"a,b","q\\\\"","","NULL","{x}"}');
    expect(copyTextArray("p", ["back\\slash"])).toBe('{"back\\\\\\\\slash"}');
  });

  it("refuses a NUL character by naming the column, but not the six characters \\u0000", () => {
    expect(() => copyText("command", "a\u0000b")).toThrow(NulInAuditValue);
    expect(() => copyText("command", "a\u0000b")).toThrow(/"command" holds a NUL/);
    expect(() => copyJson("data", { m: "x\u0000" })).toThrow(/"data" holds a NUL/);
    expect(() => copyJson("data", { m: "\\\u0000" })).toThrow(NulInAuditValue);
    expect(copyJson("data", { m: "\\u0000" })).toBe('{"m":"\\\\\\\\u0000"}');
  });
});
