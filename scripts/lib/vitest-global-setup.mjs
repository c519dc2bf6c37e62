// Global setup of vitest's integration project: makes sure TEST_DATABASE_URL names a reachable
// server before any worker starts (starting embedded Postgres when there is none), and stops
// what it started. scripts/test.mjs resolves once for all tiers and passes TEST_DATABASE_URL in.
import { resolvePostgres } from "./postgres.mjs";

export default async function setup() {
  const pg = await resolvePostgres({
    envVars: ["TEST_DATABASE_URL", "DATABASE_URL"],
    log: (line) => console.log(`[postgres] ${line}`),
  });
  process.env.TEST_DATABASE_URL = pg.url;
  return async () => {
    await pg.stop();
  };
}
