import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrisma, ensureAuditPartitions, type PrismaClient } from "@luminous/db";
import pg from "pg";

export type TestDatabase = { url: string; prisma: PrismaClient; drop(): Promise<void> };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/postgres";
// Any fixed 64-bit key: serialises template creation across workers and concurrent test runs.
const TEMPLATE_LOCK_KEY = 7_310_428_913_551n;
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The server tests run against: TEST_DATABASE_URL, else DATABASE_URL, else the local server.
 * Under vitest the integration project's global setup (scripts/lib/vitest-global-setup.mjs) sets
 * TEST_DATABASE_URL, starting embedded Postgres when there is no other server.
 */
export function baseUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || LOCAL_URL;
  assertLocal(url);
  return url;
}

/** Tests create and drop databases, so a remote server is never acceptable. */
export function assertLocal(url: string): void {
  const u = new URL(url);
  const socket = u.searchParams.get("host");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  const local = socket ? socket.startsWith("/") : ["", "127.0.0.1", "localhost", "::1"].includes(host);
  if (!local) {
    throw new Error(
      `@luminous/testkit refuses to use the Postgres server at "${socket ?? host}": tests create and drop databases, so only a local server (127.0.0.1, localhost, ::1 or a unix socket) is allowed. Point TEST_DATABASE_URL at one.`,
    );
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, fully migrated database of its own (one per test file): a copy of a template that is
 * migrated once per migration set, so creating one takes milliseconds rather than a migrate run.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = baseUrl();
  const template = await ensureTemplate(server);
  const name = `lc_t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withClient(server, async (c) => {
    // Two CREATE DATABASE ... TEMPLATE at the same instant can briefly see each other as users of
    // the template (SQLSTATE 55006); a short retry is enough.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${c.escapeIdentifier(name)} TEMPLATE ${c.escapeIdentifier(template)}`);
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== "55006" || attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = withDatabase(server, name);
  const prisma = createPrisma(url, { max: 5 });
  await ensureAuditPartitions(prisma);
  let dropped = false;
  return {
    url,
    prisma,
    async drop() {
      if (dropped) return;
      dropped = true;
      await prisma.$disconnect();
      await withClient(server, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

/** Lists the test databases that currently exist (for tests of the harness itself and for cleanup). */
export async function listTestDatabases(): Promise<string[]> {
  return withClient(baseUrl(), async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'lc\\_t\\_%' ORDER BY datname",
    );
    return rows.map((r) => r.datname);
  });
}

let templatePromise: Promise<string> | undefined;

function ensureTemplate(server: string): Promise<string> {
  templatePromise ??= buildTemplate(server).catch((err) => {
    templatePromise = undefined;
    throw err;
  });
  return templatePromise;
}

async function buildTemplate(server: string): Promise<string> {
  const name = `lc_tpl_${migrationsHash()}`;
  return withClient(server, async (c) => {
    if (await databaseExists(c, name)) return name;
    await c.query("SELECT pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    try {
      if (await databaseExists(c, name)) return name;
      await dropStaleTestDatabases(c);
      await dropOtherTemplates(c, name);
      const building = `${name}_build`;
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(building)} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${c.escapeIdentifier(building)}`);
      await migrate(withDatabase(server, building));
      // Renamed only once complete, so a template that exists is always a migrated one.
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(building)} RENAME TO ${c.escapeIdentifier(name)}`);
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(name)} WITH IS_TEMPLATE true`);
      return name;
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY.toString()]);
    }
  });
}

/** Hash of every file under prisma/migrations: a changed or added migration makes a new template. */
function migrationsHash(): string {
  const dir = path.join(repoRoot, "prisma/migrations");
  const hash = createHash("sha256");
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else hash.update(path.relative(dir, p)).update("\0").update(fs.readFileSync(p)).update("\0");
    }
  };
  walk(dir);
  return hash.digest("hex").slice(0, 16);
}

function migrate(url: string): Promise<void> {
  const prismaBin = path.join(repoRoot, "node_modules/.bin/prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prismaBin, ["migrate", "deploy"], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
}

// Databases left behind by a crashed run (their name starts with the creation time).
async function dropStaleTestDatabases(c: pg.Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'lc\\_t\\_%'",
  );
  for (const { datname } of rows) {
    const created = Number.parseInt(datname.split("_")[2] ?? "", 36);
    if (Number.isFinite(created) && Date.now() - created > STALE_AFTER_MS) {
      await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  }
}

// Templates of earlier migration sets. The newest few are kept: another checkout or branch on the
// same server may still be cloning them (dropping one fails its run); older ones are dropped.
const KEEP_OTHER_TEMPLATES = 8;
async function dropOtherTemplates(c: pg.Client, keep: string): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'lc\\_tpl\\_%' AND datname <> $1 ORDER BY oid DESC OFFSET $2",
    [keep, KEEP_OTHER_TEMPLATES],
  );
  for (const { datname } of rows) {
    await c.query(`ALTER DATABASE ${c.escapeIdentifier(datname)} WITH IS_TEMPLATE false`).catch(() => {});
    await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`);
  }
}

async function databaseExists(c: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return (rowCount ?? 0) > 0;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
