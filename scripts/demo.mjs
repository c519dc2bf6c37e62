// `npm run demo [-- --fresh]`: the console with demo data on http://localhost:3000, from a fresh
// checkout. Postgres (DATABASE_URL, else the local server, else embedded) -> database
// (DEMO_DATABASE, default `luminous`; --fresh drops and recreates it) -> secrets and the database
// URL kept in .data/demo.env (operations commands read them from there) -> migrate if any is
// pending -> seed -> build if stale -> start the console and the worker -> wait for /readyz.
// Ctrl-C stops the console, the worker and, if this script started it, embedded Postgres.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildConsole, buildIsStale, migrate, seed, startConsole, startWorker } from "./lib/console.mjs";
import {
  createDatabaseIfMissing,
  dropDatabase,
  portIsFree,
  repoRoot,
  resolvePostgres,
  withDatabase,
} from "./lib/postgres.mjs";

const { values: args } = parseArgs({ options: { fresh: { type: "boolean" }, help: { type: "boolean", short: "h" } } });
if (args.help) {
  console.log(`npm run demo [-- --fresh]
  --fresh   drop the demo database and start from scratch (a new owner password is printed)
  DATABASE_URL      use this database as it is (no --fresh)
  DEMO_DATABASE     the database's name on the local or embedded server (default luminous)
  PORT, PUBLIC_URL  where the console listens (default http://localhost:3000)`);
  process.exit(0);
}
const TOTAL = 7;
let n = 0;
async function step(title, fn) {
  n += 1;
  process.stdout.write(`[${n}/${TOTAL}] ${title} ... `);
  const started = Date.now();
  try {
    const note = await fn();
    console.log(`ok${note ? ` - ${note}` : ""} (${elapsed(started)})`);
  } catch (err) {
    console.log("failed");
    throw err;
  }
}

const elapsed = (t) => {
  const ms = Date.now() - t;
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
};

let pg;
let server;
let worker;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping...");
  await server?.stop();
  await worker?.stop();
  await pg?.stop().catch(() => {});
  process.exit(code);
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

try {
  const port = Number(process.env.PORT ?? 3000);
  const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${port}`;
  if (!(await portIsFree(port))) {
    throw new Error(`port ${port} is already in use (another demo?). Stop it, or run PORT=3001 npm run demo`);
  }

  let databaseUrl;
  await step("Postgres", async () => {
    pg = await resolvePostgres({ envVars: ["DATABASE_URL"], log: (l) => process.stdout.write(`\n      ${l} `) });
    if (pg.source === "env") {
      databaseUrl = pg.url;
      return pg.describe;
    }
    const name = process.env.DEMO_DATABASE ?? "luminous";
    databaseUrl = withDatabase(pg.url, name);
    if (args.fresh) await dropDatabase(pg.url, name);
    const created = await createDatabaseIfMissing(pg.url, name);
    return `${pg.describe}, database ${name} ${args.fresh ? "recreated (--fresh)" : created ? "created" : "exists (npm run demo -- --fresh starts over)"}`;
  });
  if (args.fresh && pg.source === "env")
    throw new Error("--fresh drops the demo's own database; it does not touch DATABASE_URL");

  let secrets;
  await step("Secrets", async () => {
    const r = loadOrCreateSecrets(databaseUrl);
    secrets = r.values;
    return r.note;
  });
  // The demo may be pointed at the local test identity providers (test-peers/), which listen on
  // loopback: the egress policy refuses loopback unless EGRESS_ALLOW names it.
  const egressAllow = process.env.EGRESS_ALLOW ?? "127.0.0.0/8,::1";
  const consoleEnv = { DATABASE_URL: databaseUrl, ...secrets, PUBLIC_URL: publicUrl, EGRESS_ALLOW: egressAllow };

  await step("Migrations", async () => {
    const applied = await migrate(databaseUrl);
    return applied ? `${applied} applied (prisma migrate deploy)` : "up to date, skipped";
  });

  let seeded;
  await step("Demo data", async () => {
    seeded = await seed(consoleEnv);
    return seeded.ownerPassword ? "demo org created" : "already seeded";
  });

  await step("Build (next build)", async () => {
    const stale = buildIsStale();
    if (!stale) return "up to date, skipped";
    process.stdout.write(`\n      ${stale}; building, this takes a minute or two ... `);
    await buildConsole(consoleEnv);
    return "built";
  });

  const logFile = path.join(repoRoot, ".data/console.log");
  await step(`Start the console on port ${port} and wait for /readyz`, async () => {
    server = await startConsole({ port, env: consoleEnv, logFile });
    return `log in ${path.relative(repoRoot, logFile)}`;
  });

  await step("Start the worker (audit checkpoints, retention, compliance history)", async () => {
    worker = await startWorker({ env: consoleEnv, logFile: path.join(repoRoot, ".data/worker.log") });
    return "log in .data/worker.log";
  });

  console.log(`\nLuminous Console is running at ${publicUrl}\n`);
  console.log(
    `  Database     ${redactUrl(databaseUrl)} (kept in .data/demo.env for npm run audit:verify, worker, admin)`,
  );
  console.log(`  Sign in as   ${seeded.ownerEmail}`);
  if (seeded.ownerPassword) {
    console.log(`  Password     ${seeded.ownerPassword}`);
    console.log("               (shown once: the demo was seeded just now; it is not stored anywhere else)");
  } else if (process.env.LUMINOUS_OWNER_PASSWORD) {
    console.log("  Password     the one you set in LUMINOUS_OWNER_PASSWORD");
  } else {
    console.log("  Password     printed when the demo was first seeded (this database was seeded before).");
    console.log("               To set a new one: LUMINOUS_OWNER_PASSWORD='<new password>' npm run demo");
  }
  console.log("\nPress Ctrl-C to stop.");

  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`\nThe console exited unexpectedly (${code ?? signal}); see ${path.relative(repoRoot, logFile)}`);
    await shutdown(1);
  }
} catch (err) {
  console.error(`\n${err instanceof Error ? err.message : err}`);
  await shutdown(1);
}

// AUTH_SECRET and MASTER_KEY are generated once and reused: a new MASTER_KEY would make the
// secrets already encrypted in the demo database unreadable. Values in the environment win.
function redactUrl(url) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

function loadOrCreateSecrets(databaseUrl) {
  const file = path.join(repoRoot, ".data/demo.env");
  const stored = {};
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) stored[m[1]] = m[2];
    }
  }
  let created = false;
  for (const [key, make] of [
    ["AUTH_SECRET", () => randomBytes(32).toString("base64url")],
    ["MASTER_KEY", () => randomBytes(32).toString("base64")],
  ]) {
    if (!stored[key]) {
      stored[key] = make();
      created = true;
    }
  }
  if (created || stored.DATABASE_URL !== databaseUrl) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body = `# Generated by npm run demo. Keep it: MASTER_KEY decrypts secrets stored in the demo database.\n# npm run audit:verify, worker and admin read these when the environment does not set them.\nAUTH_SECRET=${stored.AUTH_SECRET}\nMASTER_KEY=${stored.MASTER_KEY}\nDATABASE_URL=${databaseUrl}\n`;
    fs.writeFileSync(file, body, { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  const values = {
    AUTH_SECRET: process.env.AUTH_SECRET || stored.AUTH_SECRET,
    MASTER_KEY: process.env.MASTER_KEY || stored.MASTER_KEY,
  };
  const fromEnv = ["AUTH_SECRET", "MASTER_KEY"].filter((k) => process.env[k]);
  const where = created ? "generated into .data/demo.env" : "reused from .data/demo.env";
  return { values, note: fromEnv.length ? `${fromEnv.join(", ")} from the environment; others ${where}` : where };
}
