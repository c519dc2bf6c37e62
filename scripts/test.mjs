// `npm test`: every tier in order (unit -> integration -> e2e), stopping at the first failing tier,
// then a summary per tier and a last line "N passed, N failed" over all tiers that ran.
// One Postgres is resolved for the whole run (scripts/lib/postgres.mjs) and handed to the tiers
// as TEST_DATABASE_URL, so an embedded server starts at most once.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { repoRoot, resolvePostgres } from "./lib/postgres.mjs";

const bin = (name) => path.join(repoRoot, "node_modules/.bin", name);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "luminous-test-"));
const tiers = [
  { name: "unit", cmd: bin("vitest"), args: ["run", "--project", "unit"], vitest: true },
  { name: "integration", cmd: bin("vitest"), args: ["run", "--project", "integration"], vitest: true },
  { name: "e2e", cmd: process.execPath, args: [path.join(repoRoot, "scripts/e2e.mjs")], vitest: false },
];

let current;
let pg;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    current?.kill(signal);
    await pg?.stop().catch(() => {});
    process.exit(130);
  });
}

const results = [];
try {
  pg = await resolvePostgres({
    envVars: ["TEST_DATABASE_URL", "DATABASE_URL"],
    log: (line) => console.log(`[test] ${line}`),
  });
  console.log(`[test] Postgres: ${pg.describe}`);
  for (const tier of tiers) {
    const result = await runTier(tier, pg.url);
    results.push(result);
    if (!result.ok) break;
  }
} catch (err) {
  console.error(`[test] ${err instanceof Error ? err.message : err}`);
  results.push({ name: "setup", ok: false, passed: 0, failed: 1, ms: 0 });
} finally {
  await pg?.stop().catch(() => {});
  fs.rmSync(workDir, { recursive: true, force: true });
}

console.log("\nSummary");
for (const tier of tiers) {
  const r = results.find((x) => x.name === tier.name);
  if (!r) console.log(`  ${tier.name.padEnd(12)} not run (an earlier tier failed)`);
  else
    console.log(
      `  ${r.name.padEnd(12)} ${r.ok ? "PASS" : "FAIL"}  ${r.passed} passed, ${r.failed} failed  ${seconds(r.ms)}`,
    );
}
const setup = results.find((x) => x.name === "setup");
if (setup) console.log("  setup        FAIL  could not resolve a Postgres server");
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const ok = results.length > 0 && results.every((r) => r.ok);
console.log(`${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);

async function runTier(tier, databaseUrl) {
  const report = path.join(workDir, `${tier.name}.json`);
  const args = tier.vitest
    ? [...tier.args, "--passWithNoTests", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]
    : tier.args;
  console.log(`\n[test] ── ${tier.name} ──`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    current = spawn(tier.cmd, args, {
      cwd: repoRoot,
      stdio: "inherit",
      env: { ...process.env, TEST_DATABASE_URL: databaseUrl, LUMINOUS_E2E_REPORT: report },
    });
    current.on("error", (err) => {
      console.error(`[test] could not start ${tier.name}: ${err.message}`);
      resolve(1);
    });
    current.on("close", (c) => resolve(c ?? 1));
  });
  current = undefined;
  const ms = Date.now() - started;
  const counts = readCounts(report, tier.vitest);
  // A tier that exits non-zero without a failed test (a crash, a build error) still counts as one failure.
  const failed = code !== 0 && counts.failed === 0 ? 1 : counts.failed;
  return { name: tier.name, ok: code === 0, passed: counts.passed, failed, ms };
}

function readCounts(file, isVitest) {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8"));
    if (isVitest) return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0 };
    // Playwright's JSON reporter: expected = passed, flaky = passed on retry, unexpected = failed.
    const s = json.stats ?? {};
    return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0 };
  } catch {
    return { passed: 0, failed: 0 };
  }
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)}s`;
}
