/**
 * luminous-verify: checks an evidence package offline.
 *
 *   luminous-verify evidence.zip [--key-id <org signing key id>] [--json]
 *
 * Exit codes: 0 verified and signed by the pinned key; 1 a check failed (each problem names its
 * file); 2 every check passed but no --key-id was given, so who signed it is not established;
 * 64 usage error.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { verifyEvidence } from "@luminous/compliance/verify";
import { unzipSync } from "fflate";

declare const __VERIFY_VERSION__: string;
const version = typeof __VERIFY_VERSION__ === "string" ? __VERIFY_VERSION__ : "dev";

function usage(msg?: string): never {
  if (msg) process.stderr.write(`luminous-verify: ${msg}\n`);
  process.stderr.write("usage: luminous-verify <evidence.zip> [--key-id <id>] [--json]\n");
  process.exit(64);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        "key-id": { type: "string", multiple: true },
        json: { type: "boolean" },
        version: { type: "boolean" },
      },
    });
  } catch (e) {
    return usage((e as Error).message);
  }
})();
if (values.version) {
  process.stdout.write(`luminous-verify ${version}\n`);
  process.exit(0);
}
const path = positionals[0];
if (!path || positionals.length > 1) usage(path ? "one package at a time" : "no package given");

let files: Map<string, Uint8Array>;
try {
  files = new Map(Object.entries(unzipSync(readFileSync(path))));
} catch (e) {
  process.stderr.write(`luminous-verify: ${path}: not a readable zip file (${(e as Error).message})\n`);
  process.exit(1);
}

const pinned = values["key-id"] ?? [];
const r = verifyEvidence(files, { trustedKeyIds: pinned });
const code = !r.ok ? 1 : r.trusted ? 0 : 2;
if (values.json) {
  process.stdout.write(`${JSON.stringify({ ...r, exitCode: code }, null, 2)}\n`);
} else {
  for (const p of r.problems) process.stdout.write(`FAIL ${p.file}: ${p.message}\n`);
  for (const n of r.notes) process.stdout.write(`note: ${n}\n`);
  const what = `${r.events} events, ${r.checkpointsVerified} signed checkpoints, ${r.controlsRecomputed} controls recomputed`;
  if (code === 0) process.stdout.write(`OK ${path}: signed by ${r.keyId}; ${what}\n`);
  else if (code === 2)
    process.stdout.write(
      `UNPINNED ${path}: every check passed, signed by key ${r.keyId}; compare it with the key id in the console (Settings > Signing keys) and pass --key-id ${r.keyId}\n`,
    );
  else process.stdout.write(`FAILED ${path}: ${r.problems.length} problem(s)\n`);
}
process.exit(code);
