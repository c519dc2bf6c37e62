import { lookup as dnsLookup } from "node:dns/promises";
import type { BlockList, LookupFunction } from "node:net";
import { isIP } from "node:net";
import { env } from "../env";
import { addressProblem, allowList, isLoopback } from "./egress-address";
import { EgressFailure } from "./egress-failure";

/** The egress policy from the environment: EGRESS_ALLOW and the console's own origin. */
export interface EgressPolicy {
  allowed: BlockList;
  ownOrigin: string;
}

let cached: { key: string; policy: EgressPolicy } | undefined;

export function egressPolicy(): EgressPolicy {
  const e = env();
  const key = `${e.EGRESS_ALLOW.join(",")}|${e.PUBLIC_URL}`;
  if (cached?.key !== key) {
    cached = { key, policy: { allowed: allowList(e.EGRESS_ALLOW), ownOrigin: new URL(e.PUBLIC_URL).origin } };
  }
  return cached.policy;
}

const bare = (host: string) => host.replace(/^\[|\]$/g, "");

/**
 * Save-time and fetch-time check of a URL: http(s) only, no credentials in it, never the
 * console's own origin, and a literal IP address must pass the address policy (a host name is
 * checked when it is resolved, see pinnedLookup). Plain http is allowed only towards loopback
 * peers the allow-list names (local development and tests); the lookup enforces that.
 */
export function checkEgressUrl(raw: string, policy: EgressPolicy = egressPolicy()): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new EgressFailure("invalid_url");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EgressFailure("scheme", url.protocol);
  if (url.username || url.password) throw new EgressFailure("invalid_url", "credentials in the URL");
  if (url.origin === policy.ownOrigin) throw new EgressFailure("refused_address", "the console itself");
  const host = bare(url.hostname);
  if (isIP(host)) {
    const problem = addressProblem(host, policy.allowed);
    if (problem) throw new EgressFailure("refused_address", problem);
    if (url.protocol === "http:" && !isLoopback(host)) throw new EgressFailure("scheme", "http");
  }
  return url;
}

/**
 * Resolves a host once and returns the first address the policy allows; the caller connects to
 * exactly that address (no second resolution an attacker's DNS could answer differently).
 */
export async function resolveEgressHost(
  host: string,
  opts: { policy?: EgressPolicy; loopbackOnly?: boolean } = {},
): Promise<{ address: string; family: 4 | 6 }> {
  const policy = opts.policy ?? egressPolicy();
  const name = bare(host);
  let candidates: { address: string; family: number }[];
  if (isIP(name)) candidates = [{ address: name, family: isIP(name) }];
  else {
    try {
      candidates = await dnsLookup(name, { all: true, verbatim: true });
    } catch {
      throw new EgressFailure("dns");
    }
  }
  let refused: string | null = null;
  for (const c of candidates) {
    const problem = addressProblem(c.address, policy.allowed);
    if (problem) {
      refused = problem;
      continue;
    }
    if (opts.loopbackOnly && !isLoopback(c.address)) {
      throw new EgressFailure("scheme", "plain http only to a local peer");
    }
    return { address: c.address, family: c.family === 6 ? 6 : 4 };
  }
  throw new EgressFailure(refused ? "refused_address" : "dns", refused ?? undefined);
}

/** A `lookup` for http(s).request / net.connect that goes through resolveEgressHost. */
export function pinnedLookup(opts: { policy?: EgressPolicy; loopbackOnly?: boolean } = {}): LookupFunction {
  return (hostname, options, callback) => {
    resolveEgressHost(hostname, opts).then(
      ({ address, family }) => {
        if ((options as { all?: boolean }).all)
          (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        else callback(null, address, family);
      },
      (e: Error) => callback(e as NodeJS.ErrnoException, "", 0),
    );
  };
}
