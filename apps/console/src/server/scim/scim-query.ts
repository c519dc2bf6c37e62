import { parseScim } from "./parse-scim";
import { type TListQuery, ZListQuery } from "./schemas";

/** The list query string (filter, startIndex, count, attributes) of a GET on /Users or /Groups. */
export function scimQuery(req: Request): TListQuery {
  return parseScim(ZListQuery, Object.fromEntries(new URL(req.url).searchParams.entries()));
}
