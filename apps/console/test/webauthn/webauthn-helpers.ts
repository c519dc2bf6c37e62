import { SoftAuthenticator } from "@luminous/testkit/soft-authenticator";
import * as assertionOptions from "@/app/api/v1/me/webauthn/assertion-options/route";
import * as credentials from "@/app/api/v1/me/webauthn/credentials/route";
import * as registrationOptions from "@/app/api/v1/me/webauthn/registration-options/route";
import { call, PUBLIC_URL } from "../harness";

/** How the browser talks to the console: the session cookie, from the console's own origin. */
export const asBrowser = (cookie: string) => ({ headers: { cookie, origin: PUBLIC_URL } });

export const newKey = (origin = PUBLIC_URL) => new SoftAuthenticator({ origin });

/** Registration as the Profile page does it: options, the key's answer, the name. */
export async function registerKey(cookie: string, key: SoftAuthenticator, name = "Desk key", over = {}) {
  const opts = await call(
    registrationOptions.POST,
    "POST",
    "/api/v1/me/webauthn/registration-options",
    asBrowser(cookie),
  );
  if (opts.status !== 200) return opts;
  return call(credentials.POST, "POST", "/api/v1/me/webauthn/credentials", {
    ...asBrowser(cookie),
    body: { name, response: key.register(opts.json, over) },
  });
}

/** An assertion over fresh options (what startAuthentication() returns in the browser). */
export async function signWith(
  cookie: string,
  key: SoftAuthenticator,
  over: { origin?: string; counter?: number } = {},
) {
  const opts = await call(assertionOptions.POST, "POST", "/api/v1/me/webauthn/assertion-options", asBrowser(cookie));
  if (opts.status !== 200) throw new Error(`assertion options: ${opts.status} ${JSON.stringify(opts.json)}`);
  return key.assert(opts.json, over);
}
