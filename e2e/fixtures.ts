import { test as base, expect } from "@playwright/test";

/** The org owner seeded for this run by scripts/e2e.mjs. */
export type Owner = { email: string; password: string };

export const test = base.extend<{ owner: Owner }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
  owner: async ({}, use) => {
    const email = process.env.E2E_OWNER_EMAIL;
    const password = process.env.E2E_OWNER_PASSWORD;
    if (!email || !password) throw new Error("E2E_OWNER_EMAIL / E2E_OWNER_PASSWORD are not set: run npm run test:e2e");
    await use({ email, password });
  },
});

export { expect };
