import { notFound } from "@/server/http/errors";
import { publicRoute } from "@/server/http/guard";
import { describeIdp } from "@/server/sso/find-sign-in-options";

/** For a direct SSO link (/signin?idp=slug): the IdP's name and how to start signing in. */
export const GET = publicRoute(async (_req, params) => {
  const idp = await describeIdp(params.slug ?? "");
  if (!idp) throw notFound("Identity provider");
  return idp;
});
