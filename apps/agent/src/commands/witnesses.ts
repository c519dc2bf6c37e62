import { hostFacts } from "../facts";
import { loadConfig, NotEnrolledError } from "../load-state";
import { writeJsonAtomic } from "../state";
import { exportWitnessed } from "../witness-store";

/**
 * `luminous-agent witnesses [--out FILE]`: the audit checkpoints this agent witnessed, in the
 * format `npm run audit:verify -- --witness FILE` reads (packages/audit/README.md). To stdout
 * without --out. Exit 0, or 4 when not enrolled.
 */
export function witnesses(
  opts: { stateDir?: string; out?: string },
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(opts.stateDir);
  } catch (e) {
    if (!(e instanceof NotEnrolledError)) throw e;
    err(`luminous-agent: ${e.message}`);
    return 4;
  }
  const { f, config } = loaded;
  const exported = exportWitnessed(f, config, hostFacts().hostname);
  if (!opts.out) {
    out(JSON.stringify(exported, null, 2));
    return 0;
  }
  writeJsonAtomic(opts.out, exported, 0o644);
  out(`${exported.checkpoints.length} witnessed checkpoints written to ${opts.out}`);
  return 0;
}
