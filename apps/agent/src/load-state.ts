import { readFileSync } from "node:fs";
import { type StateFiles, stateFiles, type TConfig, ZConfig } from "./files";
import { readJson, resolveStateDir } from "./state";

export class NotEnrolledError extends Error {}

/** Config of an enrolled agent (no private key: `check` runs as users who may not read it). */
export function loadConfig(stateDirFlag?: string): { f: StateFiles; config: TConfig } {
  const f = stateFiles(resolveStateDir(stateDirFlag));
  const config = readJson(f.config, ZConfig);
  if (!config)
    throw new NotEnrolledError(`not enrolled (no ${f.config}); run: luminous-agent enroll --server URL --token T`);
  return { f, config };
}

/** Config and device key, for commands that talk to the console. */
export function loadEnrolled(stateDirFlag?: string): { f: StateFiles; config: TConfig; privateKeyPem: string } {
  const { f, config } = loadConfig(stateDirFlag);
  return { f, config, privateKeyPem: readFileSync(f.privateKey, "utf8") };
}
