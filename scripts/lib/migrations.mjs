// Whether a database has every migration in prisma/migrations applied, read from Prisma's own
// _prisma_migrations table: when it has, `prisma migrate deploy` (about 11 s of WebAssembly
// schema engine even with nothing to do) is skipped.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { repoRoot } from "./postgres.mjs";

export function migrationNames(dir = path.join(repoRoot, "prisma/migrations")) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/** The migrations not yet applied (finished, not rolled back); every one when the table is missing. */
export async function pendingMigrations(databaseUrl, names = migrationNames()) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS ok");
    if (!exists.rows[0].ok) return names;
    const { rows } = await client.query(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    // A failed migration (started, never finished) is left for migrate deploy to report.
    const failed = await client.query(
      "SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = names.filter((n) => !applied.has(n));
    return failed.rows[0].n > 0 && pending.length === 0 ? ["(a failed migration)"] : pending;
  } finally {
    await client.end();
  }
}
