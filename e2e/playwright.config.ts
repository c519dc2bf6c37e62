import { defineConfig } from "@playwright/test";

// Started by scripts/e2e.mjs, which runs the console and passes BASE_URL and the owner's credentials.
// The browser is the system's Chromium: Playwright must never download one (offline installs).
const report = process.env.LUMINOUS_E2E_REPORT;

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  // Real identity providers for specs/sso*.spec.ts (slapd, oidc-provider, a samlify SAML IdP).
  globalSetup: "./sso-peers.setup.ts",
  outputDir: "../.data/e2e-results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: report ? [["list"], ["json", { outputFile: report }]] : [["list"]],
  use: {
    baseURL: process.env.BASE_URL ?? "http://localhost:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
