/**
 * The one resolver for every "where to go afterwards" parameter: `next`, next-auth's
 * `callbackUrl`, SAML RelayState, the LDAP form and `?idp=` links. Pure (no env, no DOM) so the
 * sign-in page and the server share it: the caller passes the console's own origin.
 *
 * The target is resolved the way a browser would (WHATWG URL, which reads `\` as `/` and drops
 * tabs and newlines) against that origin and kept only if the origin is unchanged. What comes
 * back is the normalised path, never the raw input, so a string that only looked local (`/\evil`,
 * `/\t/evil`) cannot reach a Location header or `router.replace` in a form a browser reads
 * differently.
 */
export const MAX_REDIRECT_LENGTH = 2048;

export function resolveRedirect(target: unknown, ownOrigin: string, fallback = "/"): string {
  if (typeof target !== "string" || target.length === 0 || target.length > MAX_REDIRECT_LENGTH) return fallback;
  // Control characters and whitespace are stripped or reinterpreted by browsers: refuse them
  // outright rather than guess which reading the browser will pick.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029\ufeff]/.test(target)) return fallback;
  let base: URL;
  let resolved: URL;
  try {
    base = new URL(ownOrigin);
    resolved = new URL(target, base.origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== base.origin || resolved.username || resolved.password) return fallback;
  // "/.//evil" resolves to the path "//evil", which a browser would read as another host.
  const path = resolved.pathname.replace(/^\/{2,}/, "/");
  return `${path}${resolved.search}${resolved.hash}`;
}
