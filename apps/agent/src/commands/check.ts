import { loadBundle } from "../bundle-store";
import { EXIT } from "../decision-exit";
import { type CheckRequest, evaluate } from "../evaluate";
import { loadConfig, NotEnrolledError } from "../load-state";

/**
 * Answers from the cached bundle only (re-verified from disk with the pinned keys), so it works
 * with the console unreachable. Exit: 0 allow, 1 deny, 2 approval, 3 MFA, 4 not enrolled / no policy.
 */
export function check(
  req: CheckRequest,
  opts: { stateDir?: string; json?: boolean; onDecision?: (r: ReturnType<typeof evaluate>) => void },
  out: (line: string) => void,
): number {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(opts.stateDir);
  } catch (e) {
    if (!(e instanceof NotEnrolledError)) throw e;
    out(opts.json ? JSON.stringify({ decision: null, error: "not_enrolled", message: e.message }) : e.message);
    return EXIT.no_policy;
  }
  const b = loadBundle(loaded.f, loaded.config);
  if (!b.ok) {
    out(
      opts.json
        ? JSON.stringify({ decision: null, error: "no_policy", message: b.message })
        : `no usable policy: ${b.message}`,
    );
    return EXIT.no_policy;
  }
  const r = evaluate(b.bundle, req);
  opts.onDecision?.(r);
  if (opts.json) out(JSON.stringify(r));
  else {
    out(
      `${r.decision} (rule ${r.rule}): ${r.reason} [policy v${r.policyVersion}${r.stale ? ", expired: frozen on last good bundle" : ""}]`,
    );
  }
  return r.exitCode;
}
