import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/next-auth";
import { withSsoRequest } from "@/server/sso/next-auth-sso";

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return withSsoRequest(req, (ssoProviders) => NextAuth(req as never, ctx as never, authOptions(ssoProviders)));
}

export { handler as GET, handler as POST };
