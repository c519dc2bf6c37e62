/**
 * Drives the console's next-auth configuration the way app/api/auth/[...nextauth]/route.ts does
 * (withSsoRequest + authOptions with the per-request SSO providers), minus Next's request-scope
 * cookies()/headers() adapter, which needs a running Next server: the e2e specs cover that part.
 */
// next-auth does not export its core in package.json; the file is loaded by path.

import { authOptions } from "@/server/auth/next-auth";
import { socketAddressHeaders } from "@/server/http/client-address";
import { withSsoRequest } from "@/server/sso/next-auth-sso";
import { AuthHandler } from "../../../../node_modules/next-auth/core/index.js";
import { PUBLIC_URL } from "../harness";

export type Jar = Record<string, string>;

export async function nextAuth(
  method: "GET" | "POST",
  pathAndQuery: string,
  opts: { body?: Record<string, string>; jar?: Jar } = {},
) {
  const url = new URL(`${PUBLIC_URL}${pathAndQuery}`);
  const [action, providerId] = url.pathname.replace(/^\/api\/auth\//, "").split("/");
  const headers = { host: url.host, "user-agent": "vitest", ...socketAddressHeaders("203.0.113.20") };
  const query = Object.fromEntries(url.searchParams);
  let out: Awaited<ReturnType<typeof AuthHandler>> = {};
  // The browser's cookies reach the request too, as they do in Next (the pending link cookie).
  const cookie = Object.entries(opts.jar ?? {})
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("; ");
  await withSsoRequest(new Request(url, { method, headers: { ...headers, cookie } }), async (providers) => {
    out = await AuthHandler({
      req: {
        method,
        headers,
        query,
        body: opts.body ?? {},
        cookies: opts.jar ?? {},
        action: action as never,
        providerId,
        error: query.error ?? providerId,
      },
      options: authOptions(providers),
    });
    return new Response(null);
  });
  const jar: Jar = { ...(opts.jar ?? {}) };
  for (const c of out.cookies ?? []) {
    if (c.value === "" || (c.options?.maxAge ?? 1) <= 0) delete jar[c.name];
    else jar[c.name] = c.value;
  }
  return {
    status: out.status ?? 200,
    redirect: out.redirect,
    body: out.body as unknown,
    jar,
    setCookies: out.cookies ?? [],
  };
}

export async function csrf(jar: Jar = {}) {
  const r = await nextAuth("GET", "/api/auth/csrf", { jar });
  return { token: (r.body as { csrfToken: string }).csrfToken, jar: r.jar };
}
