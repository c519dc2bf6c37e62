import { test as base, expect } from "@playwright/test";
import pg from "pg";

/** The org owner seeded for this run by scripts/e2e.mjs. */
export type Owner = { email: string; password: string };

export const test = base.extend<{ database: pg.Client }, { owner: Owner }>({
  owner: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
    async ({}, use) => {
      const email = process.env.E2E_OWNER_EMAIL;
      const password = process.env.E2E_OWNER_PASSWORD;
      if (!email || !password)
        throw new Error("E2E_OWNER_EMAIL / E2E_OWNER_PASSWORD are not set: run npm run test:e2e");
      await use({ email, password });
    },
    { scope: "worker" },
  ],
  /** A direct connection to the console's database: for specs that act as someone with database access. */
  // biome-ignore lint/correctness/noEmptyPattern: as above
  database: async ({}, use) => {
    const url = process.env.E2E_DATABASE_URL;
    if (!url) throw new Error("E2E_DATABASE_URL is not set: run npm run test:e2e");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await use(client);
    } finally {
      await client.end();
    }
  },
});

export { expect };
