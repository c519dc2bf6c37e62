import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { signManifest, verifyEvidence } from "@luminous/compliance";
import { canonicalize, generateEd25519, sha256Hex } from "@luminous/crypto";
import { unzipSync, zipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import * as packageRoute from "@/app/api/v1/compliance/package/route";
import { activeSigningKey } from "@/server/signing-keys/active-signing-key";
import { makeOrg, PUBLIC_URL, setupTestDatabase, type TestOrg } from "../harness";
import { seedCompliance } from "./seed";

setupTestDatabase();
const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const verifier = path.join(repoRoot, "apps/verify/dist/luminous-verify.mjs");

let org: TestOrg;
let zip: Uint8Array;
let files: Map<string, Uint8Array>;
let keyId: string;

beforeAll(async () => {
  await run(process.execPath, [path.join(repoRoot, "apps/verify/build.mjs")]);
  org = await makeOrg("evidence");
  await seedCompliance(org.orgId);
  const res = await packageRoute.GET(
    new Request(`${PUBLIC_URL}/api/v1/compliance/package?framework=soc2&from=2026-03-01&to=2026-04-01`, {
      headers: { authorization: `Bearer ${org.users.auditor.token}` },
    }),
    { params: Promise.resolve({}) },
  );
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toContain("evidence-soc2-2026-03-01-2026-04-01.zip");
  zip = new Uint8Array(await res.arrayBuffer());
  files = new Map(Object.entries(unzipSync(zip)));
  keyId = JSON.parse(new TextDecoder().decode(files.get("manifest.json")!)).keyId;
});

const dir = () => mkdtempSync(path.join(tmpdir(), "lv-"));
async function verifyCli(bytes: Uint8Array, args: string[] = ["--key-id", keyId]) {
  const file = path.join(dir(), "evidence.zip");
  writeFileSync(file, bytes);
  try {
    const r = await run(process.execPath, [verifier, file, ...args]);
    return { code: 0, out: r.stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string };
    return { code: err.code, out: err.stdout };
  }
}
const repack = (m: Map<string, Uint8Array>) => zipSync(Object.fromEntries(m));
const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
const bytes = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);

describe("evidence package and luminous-verify", () => {
  it("holds the report files, events, checkpoints, keys and a signed manifest of their hashes", () => {
    expect([...files.keys()].sort()).toEqual([
      "checkpoints.json",
      "events.ndjson",
      "keys.json",
      "manifest.json",
      "manifest.sig",
      "population.json",
      "report.csv",
      "report.json",
      "report.pdf",
    ]);
    const m = json(files.get("manifest.json")!);
    for (const f of m.files) expect(sha256Hex(files.get(f.name)!)).toBe(f.sha256);
    expect(json(files.get("checkpoints.json")!).length).toBeGreaterThan(0);
    const report = json(files.get("report.json")!);
    expect(report.controls.find((c: { ref: string }) => c.ref === "CC6.2").exceptionCount).toBe(1);
  });

  it("the standalone verifier accepts the package with the pinned key, and says UNPINNED without it", async () => {
    const ok = await verifyCli(zip);
    expect(ok.out).toMatch(/^OK .*signed by /m);
    expect(ok.out).toContain("6 controls recomputed");
    expect(ok.code).toBe(0);
    const unpinned = await verifyCli(zip, []);
    expect(unpinned.code).toBe(2);
    expect(unpinned.out).toContain(`pass --key-id ${keyId}`);
  });

  it("one byte changed in any file fails, naming that file", async () => {
    for (const name of files.keys()) {
      const m = new Map(files);
      const b = Uint8Array.from(files.get(name)!);
      const i = name === "manifest.sig" ? 3 : Math.floor(b.length / 2);
      b[i] = b[i] === 0x41 ? 0x42 : 0x41;
      m.set(name, b);
      const r = verifyEvidence(m, { trustedKeyIds: [keyId] });
      expect(r.ok, name).toBe(false);
      const named = r.problems.some((p) => p.file === name || (name === "manifest.sig" && p.file === "manifest.json"));
      expect(named, `${name}: ${JSON.stringify(r.problems)}`).toBe(true);
    }
    const cli = await verifyCli(
      repack(new Map([...files, ["report.pdf", Uint8Array.from([...files.get("report.pdf")!, 0x20])]])),
    );
    expect(cli.code).toBe(1);
    expect(cli.out).toContain("FAIL report.pdf: SHA-256 does not match the manifest (changed)");
  });

  it("a removed event breaks the chain even if the manifest hash were right", async () => {
    const lines = new TextDecoder().decode(files.get("events.ndjson")!).trimEnd().split("\n");
    const cut = lines.filter((_, i) => i !== 2).join("\n");
    const m = new Map(files);
    m.set("events.ndjson", new TextEncoder().encode(`${cut}\n`));
    const r = verifyEvidence(m, { trustedKeyIds: [keyId] });
    expect(r.problems.map((p) => p.file)).toContain("events.ndjson");
    expect(r.problems.some((p) => /row_deleted|rows removed/.test(p.message))).toBe(true);
    const cli = await verifyCli(repack(m));
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/FAIL events\.ndjson: lane \d+: row_deleted/);
  });

  it("a manifest re-signed with another key is refused, even with that key added to keys.json", async () => {
    const other = generateEd25519();
    const m = new Map(files);
    const keys = [...json(files.get("keys.json")!), { keyId: other.keyId, publicKey: other.publicKey }];
    m.set("keys.json", bytes(keys));
    const manifest = json(files.get("manifest.json")!);
    manifest.keyId = other.keyId;
    manifest.files = manifest.files.map((f: { name: string }) =>
      f.name === "keys.json" ? { ...f, sha256: sha256Hex(m.get("keys.json")!), bytes: m.get("keys.json")!.length } : f,
    );
    m.set("manifest.json", bytes(manifest));
    m.set("manifest.sig", new TextEncoder().encode(signManifest(manifest, other.privateKeyPem)));
    const cli = await verifyCli(repack(m));
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`FAIL manifest.sig: signed by key ${other.keyId}, not by the pinned key ${keyId}`);
    // without keys.json updated, the signer is unknown
    m.set("keys.json", files.get("keys.json")!);
    const r = verifyEvidence(m, { trustedKeyIds: [keyId] });
    expect(r.problems.map((p) => p.message)).toContain(`signed by key ${other.keyId}, which is not in keys.json`);
    expect(canonicalize(r.ok)).toBe("false");
  });

  it("a control's figures edited in report.json, even with the manifest re-signed by the org's key, fail the recount", async () => {
    const report = json(files.get("report.json")!);
    const c = report.controls.find((x: { ref: string }) => x.ref === "CC6.2");
    c.status = "pass";
    c.exceptionCount = 0;
    c.exceptions = [];
    const m = new Map(files);
    m.set("report.json", bytes(report));
    const manifest = json(files.get("manifest.json")!);
    manifest.files = manifest.files.map((f: { name: string }) =>
      f.name === "report.json"
        ? { ...f, sha256: sha256Hex(m.get("report.json")!), bytes: m.get("report.json")!.length }
        : f,
    );
    const key = (await activeSigningKey(org.orgId))!;
    m.set("manifest.json", bytes(manifest));
    m.set("manifest.sig", new TextEncoder().encode(signManifest(manifest, key.privateKeyPem)));
    const r = verifyEvidence(m, { trustedKeyIds: [keyId] });
    expect(r.problems).toEqual([
      {
        file: "report.json",
        message: "control CC6.2: status pass, recomputed fail; exceptions 0, recomputed 1; exception list differs",
      },
    ]);
  });
});
