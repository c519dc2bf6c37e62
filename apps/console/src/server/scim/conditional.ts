import { scimJson } from "../http/scim-guard";
import { etagOf } from "./present";
import { ScimError } from "./scim-error";

/**
 * If-Match (RFC 7644 section 3.14): a PUT, PATCH or DELETE naming another version than the
 * stored one is refused with 412, so a client never overwrites a change it has not seen.
 */
export function checkIfMatch(req: Request, version: number): void {
  const given = req.headers.get("if-match");
  if (!given || given.trim() === "*") return;
  const tags = given.split(",").map((t) => t.trim().replace(/^W\//, ""));
  if (!tags.includes(`"${version}"`)) {
    throw new ScimError(412, `The resource has changed: its meta.version is now ${etagOf(version)}`);
  }
}

/** A resource answer with its ETag (and Location when created). */
export function resourceResponse(resource: { meta: { version: string; location: string } }, status = 200): Response {
  return scimJson(resource, status, {
    etag: resource.meta.version,
    ...(status === 201 ? { location: resource.meta.location } : {}),
  });
}
