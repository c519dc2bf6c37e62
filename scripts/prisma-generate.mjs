// `postinstall`: generates the Prisma client into packages/db/generated (gitignored), so every
// install, npm ci included, leaves a working checkout. prisma.config.ts needs DATABASE_URL to build
// its adapter, but generate never connects, so a placeholder is enough when none is set.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
const r = spawnSync(path.join(root, "node_modules/.bin/prisma"), ["generate"], { cwd: root, env, stdio: "inherit" });
process.exit(r.status ?? 1);
