import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateEd25519 } from "@luminous/crypto";
import { defaultPolicy, signBundle, type TPolicy } from "@luminous/policy";
import { describe, expect, it } from "vitest";
import { backoffDelay, jitteredInterval } from "./backoff";
import { check } from "./commands/check";
import { exitCodeOf } from "./decision-exit";
import { stateFiles } from "./files";
import { writeJsonAtomic } from "./state";

const key = generateEd25519();

function enrolledDir(policy: TPolicy | null, opts: { expired?: boolean; tamper?: boolean } = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lagent-check-"));
  const f = stateFiles(dir);
  writeJsonAtomic(f.config, {
    server: "https://c.example",
    deviceId: "d1",
    orgId: "o1",
    caFile: null,
    pollIntervalSeconds: 60,
    enrolledAt: "2026-01-01T00:00:00Z",
  });
  writeJsonAtomic(f.trust, { pinnedKeyId: key.keyId, keys: { [key.keyId]: key.publicKey } });
  if (policy) {
    const now = Date.now();
    const issued = opts.expired ? now - 10 * 86_400_000 : now;
    const bundle = signBundle(
      {
        orgId: "o1",
        deviceId: "d1",
        policy,
        version: 3,
        issuedAt: new Date(issued).toISOString(),
        expiresAt: new Date(issued + 7 * 86_400_000).toISOString(),
      },
      { keyId: key.keyId, privateKeyPem: key.privateKeyPem },
    );
    if (opts.tamper) bundle.payload.policy.commands.blacklist = [];
    writeJsonAtomic(f.bundle, { bundle, etag: '"3"', receivedAt: new Date().toISOString() });
  }
  return dir;
}

function policy(): TPolicy {
  const p = defaultPolicy();
  p.commands.mode = "blacklist";
  p.commands.blacklist = ["format_disk"];
  p.commands.require_approval = ["system_upgrade"];
  p.mfa.operations = ["kernel_modification"];
  p.packages.allow = [];
  p.packages.deny = ["telnet*"];
  return p;
}

function run(dir: string, action: string, packages?: string[]) {
  const lines: string[] = [];
  const code = check({ action, packages }, { stateDir: dir }, (l) => lines.push(l));
  return { code, text: lines.join("\n") };
}

describe("check exit codes", () => {
  it("maps decisions to 0 allow, 1 deny, 2 approval, 3 MFA", () => {
    expect([
      exitCodeOf("allow"),
      exitCodeOf("deny"),
      exitCodeOf("require_approval"),
      exitCodeOf("require_mfa"),
    ]).toEqual([0, 1, 2, 3]);
  });

  it("answers from the cached bundle and prints the deciding rule", () => {
    const dir = enrolledDir(policy());
    expect(run(dir, "install_package", ["docker"])).toMatchObject({
      code: 0,
      text: expect.stringContaining("default.allow"),
    });
    expect(run(dir, "format_disk")).toMatchObject({ code: 1, text: expect.stringContaining("commands.blacklist") });
    expect(run(dir, "install_package", ["telnetd"])).toMatchObject({
      code: 1,
      text: expect.stringContaining("packages.deny:telnet*"),
    });
    expect(run(dir, "system_upgrade").code).toBe(2);
    expect(run(dir, "kernel_modification").code).toBe(3);
  });

  it("gives 4 when not enrolled, without a bundle, or when the cached bundle was edited", () => {
    expect(run(mkdtempSync(path.join(tmpdir(), "lagent-none-")), "show_info").code).toBe(4);
    expect(run(enrolledDir(null), "show_info").code).toBe(4);
    expect(run(enrolledDir(policy(), { tamper: true }), "format_disk")).toMatchObject({
      code: 4,
      text: expect.stringContaining("bad_signature"),
    });
  });

  it("keeps enforcing an expired bundle (frozen on the last good policy) and says so", () => {
    const r = run(enrolledDir(policy(), { expired: true }), "format_disk");
    expect(r.code).toBe(1);
    expect(r.text).toContain("expired");
  });
});

describe("poll timing", () => {
  it("jitters the interval by at most 10 % and backs off exponentially up to a cap", () => {
    expect(jitteredInterval(60, () => 0)).toBe(54_000);
    expect(jitteredInterval(60, () => 1)).toBe(66_000);
    const max = (n: number) => backoffDelay(n, 60, () => 1);
    expect([max(1), max(2), max(3), max(4)]).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(max(30)).toBe(300_000);
    expect(backoffDelay(30, 60, () => 0)).toBe(150_000);
  });
});
