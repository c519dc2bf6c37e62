import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages}/*/src/**/*.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "{apps,packages}/*/src/**/*.integration.test.ts",
            "{apps,packages}/*/test/**/*.integration.test.ts",
          ],
          exclude: ["**/node_modules/**"],
          // Resolves the Postgres server (env, local, or embedded) once per run: see scripts/lib/postgres.mjs.
          globalSetup: ["./scripts/lib/vitest-global-setup.mjs"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: "forks",
          poolOptions: { forks: { maxForks: 2 } },
        },
      },
    ],
  },
});
