import http from "node:http";
import https from "node:https";
import { classifySocketError, EgressFailure } from "./egress-failure";
import { checkEgressUrl, type EgressPolicy, egressPolicy, pinnedLookup } from "./egress-policy";

export interface EgressRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** The answer's size limit (default 1 MiB). */
  maxBytes?: number;
  /** For the whole exchange, redirects included (default 5 s). */
  timeoutMs?: number;
  /** Each hop is checked like the first (default 3; 0 refuses redirects). */
  maxRedirects?: number;
  /** A status outside 2xx is an EgressFailure("http_status") unless this is set. */
  acceptErrorStatus?: boolean;
  policy?: EgressPolicy;
}

export interface EgressResponse {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The one function for server-side requests to admin-supplied URLs (OIDC discovery, webhooks,
 * SIEM and any later destination). The policy (egress-policy.ts) is applied to the URL and to
 * the address the host resolves to; the connection goes to that checked address; redirects are
 * re-checked hop by hop; size and time are bounded; failures are EgressFailure classes.
 */
export async function egressFetch(rawUrl: string, req: EgressRequest = {}): Promise<EgressResponse> {
  const policy = req.policy ?? egressPolicy();
  const deadline = Date.now() + (req.timeoutMs ?? 5000);
  let url = rawUrl;
  for (let hop = 0; ; hop++) {
    const res = await once(checkEgressUrl(url, policy), req, policy, deadline);
    const location = res.headers.location;
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= (req.maxRedirects ?? 3) || req.method === "POST") throw new EgressFailure("redirect");
      try {
        url = new URL(location, url).href;
        checkEgressUrl(url, policy);
      } catch {
        throw new EgressFailure("redirect");
      }
      continue;
    }
    if ((res.status < 200 || res.status > 299) && !req.acceptErrorStatus) {
      throw new EgressFailure("http_status", `HTTP ${res.status}`);
    }
    return res;
  }
}

function once(url: URL, req: EgressRequest, policy: EgressPolicy, deadline: number): Promise<EgressResponse> {
  const maxBytes = req.maxBytes ?? 1024 * 1024;
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new EgressFailure("timeout"));
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? https.request : http.request;
    const r = send(url, {
      method: req.method ?? "GET",
      headers: { accept: "application/json", "accept-encoding": "identity", ...req.headers },
      lookup: pinnedLookup({ policy, loopbackOnly: url.protocol === "http:" }),
      agent: false,
    });
    const timer = setTimeout(() => r.destroy(new EgressFailure("timeout")), remaining);
    const fail = (e: unknown) => {
      clearTimeout(timer);
      reject(classifySocketError(e));
    };
    r.on("error", fail);
    r.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (Number(res.headers["content-length"] ?? 0) > maxBytes) {
        r.destroy(new EgressFailure("too_large", `over ${maxBytes} bytes`));
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) r.destroy(new EgressFailure("too_large", `over ${maxBytes} bytes`));
        else parts.push(chunk);
      });
      res.on("error", fail);
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ url: url.href, status, headers: res.headers, body: Buffer.concat(parts) });
      });
    });
    r.end(req.body);
  });
}

/** The answer as JSON, or an EgressFailure that does not quote it. */
export function egressJson(res: EgressResponse): unknown {
  try {
    return JSON.parse(res.body.toString("utf8"));
  } catch {
    throw new EgressFailure("invalid_document", "the answer is not JSON");
  }
}
