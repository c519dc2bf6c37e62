import { type NextRequest, NextResponse } from "next/server";
import { env } from "./server/env";
import { baseSecurityHeaders, contentSecurityPolicy, newNonce } from "./server/http/security-headers";

/**
 * Pages: a per-request CSP nonce (Next.js reads it back from the request's
 * content-security-policy header and puts it on its own scripts), the security headers, the path
 * for server components (the sign-in redirect) and a request id. next-auth's routes get the
 * headers and no-store; the other APIs set theirs in their route wrappers.
 */
export function proxy(req: NextRequest) {
  const e = env();
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { dev: e.NODE_ENV === "development" });
  const headers = new Headers(req.headers);
  headers.set("x-pathname", req.nextUrl.pathname + req.nextUrl.search);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  if (!headers.get("x-request-id")) headers.set("x-request-id", crypto.randomUUID());
  const res = NextResponse.next({ request: { headers } });
  for (const [k, v] of Object.entries(baseSecurityHeaders(e.PUBLIC_URL))) res.headers.set(k, v);
  res.headers.set("content-security-policy", csp);
  if (req.nextUrl.pathname.startsWith("/api/auth/")) res.headers.set("cache-control", "no-store");
  return res;
}

// Pages and next-auth: the other APIs (admin, agent) mint their own request ids and headers.
export const config = {
  matcher: ["/api/auth/:path*", "/((?!api/|scim/|_next/static|_next/image|favicon.ico|healthz|readyz).*)"],
};
