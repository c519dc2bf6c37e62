import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertLocal, createTestDatabase, listTestDatabases, type TestDatabase } from "./index";

describe("createTestDatabase", () => {
  let a: TestDatabase;
  let b: TestDatabase;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it("gives each caller its own migrated database", async () => {
    expect(a.url).not.toBe(b.url);
    await a.prisma.$executeRawUnsafe("CREATE TABLE testkit_probe (v text)");
    await a.prisma.$executeRawUnsafe("INSERT INTO testkit_probe VALUES ('only in a')");

    const inA = await a.prisma.$queryRawUnsafe<{ v: string }[]>("SELECT v FROM testkit_probe");
    expect(inA).toEqual([{ v: "only in a" }]);
    await expect(b.prisma.$queryRawUnsafe("SELECT v FROM testkit_probe")).rejects.toThrow(/testkit_probe/);

    // Both are copies of the migrated template: the applied migrations are recorded in each.
    const migrations = await b.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL",
    );
    expect(Number(migrations[0]?.n)).toBeGreaterThan(0);
  });

  it("drop() removes the database", async () => {
    const c = await createTestDatabase();
    const name = new URL(c.url).pathname.slice(1);
    expect(await listTestDatabases()).toContain(name);
    await c.drop();
    expect(await listTestDatabases()).not.toContain(name);
  });

  it("refuses a non-local server", () => {
    expect(() => assertLocal("postgres://postgres@db.example.com:5432/postgres")).toThrow(/refuses/);
    expect(() => assertLocal("postgres://postgres@[::1]:5432/postgres")).not.toThrow();
    expect(() => assertLocal("postgres:///postgres?host=/var/run/postgresql")).not.toThrow();
  });
});
