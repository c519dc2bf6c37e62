import { decide } from "@luminous/policy";
import type { LoadedBundle } from "./bundle-store";
import { exitCodeOf } from "./decision-exit";

export interface CheckRequest {
  action: string;
  packages?: string[];
  services?: string[];
  user?: string;
}

/** A decision from the cached bundle, with what the console and ask-nix need to show it. */
export function evaluate(bundle: LoadedBundle, req: CheckRequest) {
  const d = decide(bundle.payload.policy, req);
  return { ...d, exitCode: exitCodeOf(d.decision), policyVersion: bundle.payload.version, stale: bundle.stale };
}
