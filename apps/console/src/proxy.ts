import { type NextRequest, NextResponse } from "next/server";

/** Passes the path to server components (for the sign-in redirect) and a request id to handlers. */
export function proxy(req: NextRequest) {
  const headers = new Headers(req.headers);
  headers.set("x-pathname", req.nextUrl.pathname + req.nextUrl.search);
  if (!headers.get("x-request-id")) headers.set("x-request-id", crypto.randomUUID());
  return NextResponse.next({ request: { headers } });
}

// Pages only: the APIs (admin, agent, auth) mint their own request ids and need no path header.
export const config = { matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|healthz|readyz).*)"] };
