"use client";
import { getCsrfToken } from "next-auth/react";
import { useEffect, useState } from "react";

export interface SsoProvider {
  slug: string;
  /** The IdP's stable URL key: the OIDC provider id in next-auth's paths. */
  key: string;
  name: string;
  type: "saml" | "oidc" | "ldap";
  startUrl?: string;
}

/** Starts a sign-in through one IdP: SAML and OIDC leave for the IdP; LDAP asks for a password here. */
export function startSso(p: SsoProvider, next: string, onLdap: (p: SsoProvider) => void) {
  if (p.type === "saml") window.location.assign(`${p.startUrl}?next=${encodeURIComponent(next)}`);
  else if (p.type === "oidc") void startOidc(p.key, next);
  else onLdap(p);
}

/**
 * next-auth's signIn() first looks the provider up in /api/auth/providers, which lists only the
 * static ones (OIDC providers are per org, loaded per request), so the sign-in POST is sent here.
 */
async function startOidc(key: string, next: string) {
  const form = document.createElement("form");
  form.method = "POST";
  form.action = `/api/auth/signin/${encodeURIComponent(key)}`;
  const fields = { csrfToken: (await getCsrfToken()) ?? "", callbackUrl: next };
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}

/**
 * The email-first step: once an email is typed, the identity providers serving its domain are
 * offered; when the org enforces SSO the password form is hidden (break-glass can still open it).
 */
export function useSsoDiscovery(email: string) {
  const [found, setFound] = useState<{ providers: SsoProvider[]; password: boolean } | null>(null);
  useEffect(() => {
    const domain = /^[^\s@]+@([^\s@]+\.[^\s@]+)$/.exec(email.trim())?.[1];
    if (!domain) {
      setFound(null);
      return;
    }
    const t = setTimeout(async () => {
      const res = await fetch("/api/sso/discover", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: email.trim() }),
      }).catch(() => null);
      if (res?.ok) setFound(await res.json());
    }, 250);
    return () => clearTimeout(t);
  }, [email]);
  return found;
}

export function SsoButtons(props: { providers: SsoProvider[]; next: string; onLdap: (p: SsoProvider) => void }) {
  if (!props.providers.length) return null;
  return (
    <section className="notice" aria-label="Single sign-on">
      <p>Your organisation signs in with:</p>
      {props.providers.map((p) => (
        <button
          key={p.slug}
          type="button"
          className="primary"
          style={{ display: "block", width: "100%", marginBottom: 8 }}
          onClick={() => startSso(p, props.next, props.onLdap)}
        >
          Continue with {p.name}
        </button>
      ))}
    </section>
  );
}

/** ?error=… from a refused SSO sign-in (the reason itself is only in the audit log). */
export function ssoErrorMessage(code: string | null, ref: string | null): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return null;
  if (code === "idp_initiated")
    return `This sign-in was started from your identity provider (an Okta tile, or Entra ID's "Test this application"), and sign-in started there is turned off for this console. Sign in from this page instead, or ask an Owner to allow IdP-initiated sign-in${ref ? ` (reference ${ref})` : ""}.`;
  return `Single sign-on did not complete. Ask your administrator to check the audit log${ref ? ` (reference ${ref})` : ""}.`;
}
