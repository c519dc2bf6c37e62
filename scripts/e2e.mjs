// `npm run test:e2e`: a real browser against a real console on a database of its own.
// Fresh database -> migrate -> seed an e2e org -> build the console if stale -> start it on a free
// port -> playwright test -> stop the console, drop the database.
// Arguments go to `playwright test`, e.g. `npm run test:e2e -- audit.spec -g keyset`.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildConsole, buildIsStale, freePort, migrate, run, seed, startConsole } from "./lib/console.mjs";
import {
  createDatabaseIfMissing,
  dropDatabase,
  isLocalUrl,
  repoRoot,
  resolvePostgres,
  withDatabase,
} from "./lib/postgres.mjs";

const step = (msg) => console.log(`[e2e] ${msg}`);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `[e2e] no Chromium at ${chromium}. Install it with: apt-get install -y chromium (or set CHROMIUM_PATH). Playwright must not download a browser.`,
  );
  process.exit(1);
}

const cleanups = [];
let code = 1;
const cleanup = async () => {
  while (cleanups.length)
    await cleanups
      .pop()()
      .catch((err) => console.error(`[e2e] cleanup: ${err.message}`));
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    await cleanup();
    process.exit(130);
  });
}

try {
  const pg = await resolvePostgres({ envVars: ["TEST_DATABASE_URL", "DATABASE_URL"], log: step });
  cleanups.push(() => pg.stop());
  if (!isLocalUrl(pg.url)) throw new Error("e2e creates and drops a database, so it only runs against a local server");

  const dbName = `lc_e2e_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const databaseUrl = withDatabase(pg.url, dbName);
  step(`database ${dbName} on ${pg.describe}`);
  await createDatabaseIfMissing(pg.url, dbName);
  cleanups.push(() => dropDatabase(pg.url, dbName));
  let t = Date.now();
  await migrate(databaseUrl);
  step(`migrated (${Date.now() - t} ms)`);

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const owner = {
    email: `e2e-owner-${randomBytes(4).toString("hex")}@example.test`,
    password: randomBytes(18).toString("base64url"),
  };
  // /metrics on its own listener, as a deployment that keeps it off the public port would run it.
  const metricsPort = await freePort();
  const consoleEnv = {
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    MASTER_KEY: randomBytes(32).toString("base64"),
    PUBLIC_URL: baseUrl,
    // The identity providers the specs sign in through run on loopback.
    EGRESS_ALLOW: "127.0.0.0/8,::1",
    // Every browser of the suite signs in from 127.0.0.1, like an office behind one NAT address.
    SIGNIN_ATTEMPTS_PER_ADDRESS: "2000",
  };
  t = Date.now();
  // The specs publish their own policies onto a fleet that starts from the secure defaults.
  await seed({
    ...consoleEnv,
    LUMINOUS_OWNER_EMAIL: owner.email,
    LUMINOUS_OWNER_PASSWORD: owner.password,
    LUMINOUS_SEED_POLICIES: "0",
  });
  step(`seeded org, owner ${owner.email} (${Date.now() - t} ms)`);

  const stale = buildIsStale();
  if (stale) {
    step(`building the console: ${stale}`);
    t = Date.now();
    await buildConsole(consoleEnv);
    step(`built (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }

  t = Date.now();
  const logFile = path.join(repoRoot, ".data/e2e-console.log");
  const server = await startConsole({ port, env: consoleEnv, logFile });
  cleanups.push(() => server.stop());
  step(`console ready at ${baseUrl} (${Date.now() - t} ms; log in ${path.relative(repoRoot, logFile)})`);

  const args = ["test", "-c", "e2e/playwright.config.ts", ...process.argv.slice(2)];
  code = await run(path.join(repoRoot, "node_modules/.bin/playwright"), args, {
    echo: true,
    env: {
      BASE_URL: baseUrl,
      E2E_OWNER_EMAIL: owner.email,
      E2E_OWNER_PASSWORD: owner.password,
      // For specs that play an attacker with database access (the audit trail's tamper detection).
      E2E_DATABASE_URL: databaseUrl,
      // For specs that run the worker (npm run worker -- --once) against the console's database, or
      // create an org of their own through the domain code (its signing key is sealed with MASTER_KEY).
      E2E_MASTER_KEY: consoleEnv.MASTER_KEY,
      E2E_AUTH_SECRET: consoleEnv.AUTH_SECRET,
      E2E_METRICS_URL: `http://127.0.0.1:${metricsPort}/metrics`,
      CHROMIUM_PATH: chromium,
    },
  }).then(
    () => 0,
    () => 1,
  );
} catch (err) {
  console.error(`[e2e] ${err instanceof Error ? err.message : err}`);
  code = 1;
} finally {
  await cleanup();
}
process.exit(code);
