import path from "node:path";
import { defineConfig } from "vitest/config";

// The console's "@/..." imports, so tests can import its domain code and route handlers.
const resolve = { alias: { "@": path.resolve(import.meta.dirname, "apps/console/src") } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          include: ["{apps,packages}/*/src/**/*.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", "**/*.integration.test.ts"],
        },
      },
      {
        resolve,
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
