// Shared by the demo and the e2e runner: migrate, seed, build-if-stale, start and stop the console.
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pendingMigrations } from "./migrations.mjs";
import { repoRoot } from "./postgres.mjs";

const consoleDir = path.join(repoRoot, "apps/console");
const bin = (name) => path.join(repoRoot, "node_modules/.bin", name);

/** Runs a command to completion; rejects with its captured output on failure. */
export function run(cmd, args, { env = {}, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: repoRoot,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const take = (stream, sink) =>
      child[stream].on("data", (d) => {
        out += d;
        if (echo) sink.write(d);
      });
    take("stdout", process.stdout);
    take("stderr", process.stderr);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${path.basename(cmd)} ${args.join(" ")} failed (exit ${code}):\n${tail(out, 40)}`));
    });
  });
}

export function tail(text, lines) {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** Applies pending migrations; resolves to how many were pending (0: the engine was not started). */
export async function migrate(databaseUrl) {
  const pending = await pendingMigrations(databaseUrl);
  if (pending.length === 0) return 0;
  await run(bin("prisma"), ["migrate", "deploy"], { env: { DATABASE_URL: databaseUrl } });
  return pending.length;
}

/**
 * Runs the console's seed CLI; it prints one JSON line {"ownerEmail", "ownerPassword" | null}
 * (null when the org was already seeded).
 */
export async function seed(env) {
  const script = path.join(consoleDir, "scripts/seed-demo.ts");
  if (!fs.existsSync(script)) throw new Error(`the seed CLI ${path.relative(repoRoot, script)} does not exist yet`);
  const out = await run(bin("tsx"), [script], { env });
  const line = out
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.trim().startsWith("{"));
  if (!line) throw new Error(`the seed CLI printed no JSON line:\n${tail(out, 20)}`);
  return JSON.parse(line);
}

/** The console needs a build when there is none or any source it depends on is newer. */
export function buildIsStale() {
  const buildId = path.join(consoleDir, ".next/BUILD_ID");
  if (!fs.existsSync(buildId)) return "no build yet";
  const builtAt = fs.statSync(buildId).mtimeMs;
  const roots = [consoleDir, ...packageSrcDirs(), path.join(repoRoot, "prisma/schema.prisma")];
  const newer = roots.map((r) => newestFile(r)).find((f) => f && f.mtimeMs > builtAt);
  return newer ? `${path.relative(repoRoot, newer.file)} changed since the last build` : null;
}

function packageSrcDirs() {
  const dir = path.join(repoRoot, "packages");
  return fs.readdirSync(dir).map((p) => path.join(dir, p, "src"));
}

// Build outputs and files next build rewrites itself would make every build look stale.
// Tests and CLI scripts are not part of the build either.
const SKIP = new Set([
  "node_modules",
  ".next",
  ".turbo",
  "generated",
  "dist",
  "coverage",
  "next-env.d.ts",
  "test",
  "scripts",
]);
const TEST_FILE = /\.test\.tsx?$/;
function newestFile(p) {
  let best = null;
  const visit = (file) => {
    let st;
    try {
      st = fs.statSync(file);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(file)) {
        if (!SKIP.has(name) && !name.endsWith(".tsbuildinfo") && !TEST_FILE.test(name)) visit(path.join(file, name));
      }
    } else if (!best || st.mtimeMs > best.mtimeMs) {
      best = { file, mtimeMs: st.mtimeMs };
    }
  };
  visit(p);
  return best;
}

export function buildConsole(env, { echo = false } = {}) {
  return run("npm", ["run", "build", "-w", "@luminous/console"], { env, echo });
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts `npm run start -w @luminous/console` in its own process group (npm -> sh -> next), so
 * stop() can end the whole group it started, and waits until /readyz answers 200.
 */
export async function startConsole({ port, env, logFile, timeoutMs = 90_000 }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  const child = spawn("npm", ["run", "start", "-w", "@luminous/console"], {
    cwd: repoRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production", ...env, PORT: String(port) },
    stdio: ["ignore", log, log],
    detached: true,
  });
  fs.closeSync(log);
  let exited = null;
  const exit = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const killTimer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 10_000);
    await exit;
    clearTimeout(killTimer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(
        `the console exited during start-up (${exited.code ?? exited.signal}); last lines of ${logFile}:\n${tail(readText(logFile), 30)}`,
      );
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { url, stop, pid: child.pid, exited: exit };
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`the console did not answer /readyz within ${timeoutMs / 1000}s; see ${logFile}`);
}

function readText(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** Starts the worker (apps/console/scripts/worker.ts) in a process group of its own; `stop()` ends it. */
export async function startWorker({ env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, "w");
  const child = spawn(bin("tsx"), [path.join(consoleDir, "scripts/worker.ts")], {
    cwd: repoRoot,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", log, log],
    detached: true,
  });
  fs.closeSync(log);
  let exited = false;
  const exit = new Promise((resolve) =>
    child.on("exit", () => {
      exited = true;
      resolve();
    }),
  );
  // A worker that cannot start (bad environment) exits at once: said here, not found later in its log.
  await Promise.race([exit, new Promise((r) => setTimeout(r, 3000))]);
  if (exited)
    throw new Error(`the worker exited during start-up; last lines of ${logFile}:\n${tail(readText(logFile), 20)}`);
  return {
    stop: async () => {
      if (exited) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 10_000);
      await exit;
      clearTimeout(killTimer);
    },
  };
}
