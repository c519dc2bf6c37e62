// `npm run demo`: the console with demo data on http://localhost:3000, from a fresh checkout.
// Postgres (DATABASE_URL, else the local server, else embedded) -> database `luminous` -> secrets
// kept in .data/demo.env -> migrate -> seed -> build if stale -> start -> wait for /readyz.
// Ctrl-C stops the console and, if this script started it, embedded Postgres.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { buildConsole, buildIsStale, migrate, seed, startConsole } from "./lib/console.mjs";
import { createDatabaseIfMissing, portIsFree, repoRoot, resolvePostgres, withDatabase } from "./lib/postgres.mjs";

const TOTAL = 6;
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
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  console.log("\nStopping...");
  await server?.stop();
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
    databaseUrl = withDatabase(pg.url, "luminous");
    const created = await createDatabaseIfMissing(pg.url, "luminous");
    return `${pg.describe}, database luminous ${created ? "created" : "exists"}`;
  });

  let secrets;
  await step("Secrets", async () => {
    const r = loadOrCreateSecrets();
    secrets = r.values;
    return r.note;
  });
  // The demo may be pointed at the local test identity providers (test-peers/), which listen on
  // loopback: the egress policy refuses loopback unless EGRESS_ALLOW names it.
  const egressAllow = process.env.EGRESS_ALLOW ?? "127.0.0.0/8,::1";
  const consoleEnv = { DATABASE_URL: databaseUrl, ...secrets, PUBLIC_URL: publicUrl, EGRESS_ALLOW: egressAllow };

  await step("Migrations (prisma migrate deploy)", async () => {
    await migrate(databaseUrl);
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

  console.log(`\nLuminous Console is running at ${publicUrl}\n`);
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
function loadOrCreateSecrets() {
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
  if (created) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const body = `# Generated by npm run demo. Keep it: MASTER_KEY decrypts secrets stored in the demo database.\nAUTH_SECRET=${stored.AUTH_SECRET}\nMASTER_KEY=${stored.MASTER_KEY}\n`;
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
