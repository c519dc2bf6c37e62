// `npm run agent:install [-- --bin-dir DIR]`: builds the agent bundle and links it as
// `luminous-agent` into a directory on the PATH: DIR, else npm's global bin directory when this
// user may write there, else ~/.local/bin. The systemd unit and the Nix derivation
// (apps/agent/packaging/) install the same file, apps/agent/dist/luminous-agent.mjs.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./lib/postgres.mjs";

const { values } = parseArgs({ options: { "bin-dir": { type: "string" }, help: { type: "boolean", short: "h" } } });
if (values.help) {
  console.log(
    "usage: npm run agent:install [-- --bin-dir DIR]   links luminous-agent into DIR (default: npm's global bin, else ~/.local/bin)",
  );
  process.exit(0);
}

const bundle = path.join(repoRoot, "apps/agent/dist/luminous-agent.mjs");
execFileSync(process.execPath, [path.join(repoRoot, "apps/agent/build.mjs")], { stdio: "inherit" });

function writable(dir) {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function npmGlobalBin() {
  try {
    const prefix = execFileSync("npm", ["prefix", "-g"], { encoding: "utf8" }).trim();
    return path.join(prefix, "bin");
  } catch {
    return null;
  }
}

const globalBin = values["bin-dir"] ? null : npmGlobalBin();
const binDir = path.resolve(
  values["bin-dir"] ?? (globalBin && writable(globalBin) ? globalBin : path.join(os.homedir(), ".local/bin")),
);
fs.mkdirSync(binDir, { recursive: true });
const link = path.join(binDir, "luminous-agent");
const existing = fs.lstatSync(link, { throwIfNoEntry: false });
if (existing && !existing.isSymbolicLink()) {
  console.error(`${link} exists and is not a link this script made; remove it first`);
  process.exit(1);
}
if (existing) fs.rmSync(link);
fs.symlinkSync(bundle, link);
console.log(`linked ${link} -> ${path.relative(process.cwd(), bundle) || bundle}`);

const onPath = (process.env.PATH ?? "").split(path.delimiter).some((d) => d && path.resolve(d) === binDir);
if (!onPath) console.log(`${binDir} is not on your PATH; add it: export PATH="${binDir}:$PATH"`);
console.log(
  "State lives in /var/lib/luminous-agent unless --state-dir or LUMINOUS_AGENT_STATE_DIR says otherwise;\n" +
    `to try it as this user: export LUMINOUS_AGENT_STATE_DIR="$HOME/.local/state/luminous-agent"`,
);
