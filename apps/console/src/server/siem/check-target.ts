import { isIP } from "node:net";
import { addressProblem } from "../http/egress-address";
import { EgressFailure } from "../http/egress-failure";
import { checkEgressUrl, egressPolicy } from "../http/egress-policy";
import { AppError } from "../http/errors";

/**
 * Save-time egress check: a URL must pass the egress policy, a literal IP host must be an address
 * it allows (host names are checked when they are resolved, at every delivery). The answer names
 * the field.
 */
export function checkTarget(t: { url?: string | null; host?: string | null }): void {
  try {
    if (t.url) checkEgressUrl(t.url);
  } catch (e) {
    if (e instanceof EgressFailure) throw invalid("url", e.message);
    throw e;
  }
  const host = t.host?.replace(/^\[|\]$/g, "");
  if (host && isIP(host)) {
    const problem = addressProblem(host, egressPolicy().allowed);
    if (problem) throw invalid("host", `The address is not allowed by the egress policy (${problem})`);
  }
}

export function invalid(path: string, message: string): AppError {
  return new AppError("validation", `${path}: ${message}`, { fields: [{ path, message }] });
}
