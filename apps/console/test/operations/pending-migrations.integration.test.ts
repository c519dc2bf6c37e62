/** The demo's start skips `prisma migrate deploy` only when _prisma_migrations has every migration. */
import { createTestDatabase, type TestDatabase } from "@luminous/testkit";
import { afterAll, beforeAll, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs module of the repo's scripts, without type declarations
import { migrationNames, pendingMigrations } from "../../../../scripts/lib/migrations.mjs";

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await createTestDatabase();
}, 120_000);
afterAll(async () => {
  await testDb?.drop().catch(() => {});
});

it("reports nothing pending on a migrated database, and the migration a database lacks", async () => {
  const names: string[] = migrationNames();
  expect(names.length).toBeGreaterThan(5);
  expect(await pendingMigrations(testDb.url)).toEqual([]);
  const last = names[names.length - 1]!;
  await testDb.prisma.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = $1`, last);
  expect(await pendingMigrations(testDb.url)).toEqual([last]);
  await testDb.prisma.$executeRawUnsafe(`DROP TABLE _prisma_migrations`);
  expect(await pendingMigrations(testDb.url)).toEqual(names);
});
