import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { readJson, resolveStateDir, writeFileAtomic, writeJsonAtomic } from "./state";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "lagent-state-"));
});
afterEach(() => {
  delete process.env.LUMINOUS_AGENT_STATE_DIR;
});

describe("writeFileAtomic", () => {
  it("replaces the content whole, with the requested mode, leaving no temp file", () => {
    const f = path.join(dir, "device.key");
    writeFileAtomic(f, "old", 0o600);
    writeFileAtomic(f, "new secret", 0o600);
    expect(readFileSync(f, "utf8")).toBe("new secret");
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(["device.key"]);
  });

  it("leaves the previous content when the write cannot happen", () => {
    const f = path.join(dir, "missing-dir", "x.json");
    expect(() => writeFileAtomic(f, "data")).toThrow();
    const g = path.join(dir, "config.json");
    writeJsonAtomic(g, { a: 1 });
    expect(() => writeJsonAtomic(g, { a: 1n })).toThrow(); // BigInt cannot be serialised: nothing is written
    expect(readJson(g, z.object({ a: z.number() }))).toEqual({ a: 1 });
  });
});

describe("readJson", () => {
  it("returns null for a missing file and names a corrupt one", () => {
    expect(readJson(path.join(dir, "none.json"), z.object({}))).toBeNull();
    const f = path.join(dir, "bad.json");
    writeFileSync(f, JSON.stringify({ a: "x" }));
    expect(() => readJson(f, z.object({ a: z.number() }))).toThrow(/bad\.json: a/);
  });
});

describe("resolveStateDir", () => {
  it("prefers the flag, then the env, then /var/lib/luminous-agent", () => {
    process.env.LUMINOUS_AGENT_STATE_DIR = "/tmp/from-env";
    expect(resolveStateDir("/tmp/flag")).toBe("/tmp/flag");
    expect(resolveStateDir()).toBe("/tmp/from-env");
    delete process.env.LUMINOUS_AGENT_STATE_DIR;
    expect(resolveStateDir()).toBe("/var/lib/luminous-agent");
  });
});
