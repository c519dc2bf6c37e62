/**
 * Operations commands (audit:verify, worker, admin) find the demo's settings the way the demo
 * does: a variable missing from the environment is read from .data/demo.env, which `npm run demo`
 * writes (its DATABASE_URL, AUTH_SECRET, MASTER_KEY). Imported first, for its effect, so it runs
 * before any module reads the environment. Values in the environment always win.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// LUMINOUS_DEMO_ENV names another file (tests; a second checkout's demo).
const file =
  process.env.LUMINOUS_DEMO_ENV ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../.data/demo.env");
if (existsSync(file)) {
  const used: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^(DATABASE_URL|AUTH_SECRET|MASTER_KEY)=(.+)$/.exec(line.trim());
    if (m && !process.env[m[1]!]) {
      process.env[m[1]!] = m[2]!;
      used.push(m[1]!);
    }
  }
  if (used.length) process.stderr.write(`(${used.join(", ")} from ${file}, written by npm run demo)\n`);
}
