"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { resolveRedirect } from "@/lib/safe-redirect";
import { ZSignIn } from "@/server/auth/schemas";
import { LdapSignInForm } from "./ldap-form";
import { SsoButtons, type SsoProvider, ssoErrorMessage, startSso, useSsoDiscovery } from "./sso-options";

const MFA_REQUIRED = "MFA_REQUIRED";

export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [needOtp, setNeedOtp] = useState(false);
  const f = useZodForm(ZSignIn, { email: "", password: "", otp: "" });
  const next = params.get("next");
  // Used only in handlers and effects, which run in the browser.
  const safeNext = typeof window === "undefined" ? "/" : resolveRedirect(next, window.location.origin);
  const [ldap, setLdap] = useState<SsoProvider | null>(null);
  const [showPassword, setShowPassword] = useState(false);
  const sso = useSsoDiscovery(String(f.values.email ?? ""));
  const passwordHidden = Boolean(sso && !sso.password && !showPassword);
  const directIdp = params.get("idp");
  const ssoError = ssoErrorMessage(params.get("error"), params.get("ref"));

  // A direct SSO link (/signin?idp=<slug>) goes straight to that identity provider.
  useEffect(() => {
    if (!directIdp) return;
    void fetch(`/api/sso/idp/${encodeURIComponent(directIdp)}`)
      .then((r) => (r.ok ? (r.json() as Promise<SsoProvider>) : null))
      .then((p) => p && startSso(p, safeNext, setLdap));
  }, [directIdp, safeNext]);

  if (ldap) {
    return (
      <LdapSignInForm
        idp={ldap}
        username={String(f.values.email ?? "").split("@")[0] ?? ""}
        next={safeNext}
        onBack={() => setLdap(null)}
      />
    );
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data) => {
          const res = await signIn("password", {
            redirect: false,
            email: data.email,
            password: data.password,
            otp: data.otp ?? "",
          });
          if (res?.ok && !res.error) {
            router.replace(safeNext);
            router.refresh();
            return;
          }
          if (res?.error === MFA_REQUIRED) {
            setNeedOtp(true);
            throw new Error("Enter the code from your authenticator app (or a recovery code)");
          }
          throw new Error(res?.error && res.error !== "CredentialsSignin" ? res.error : "Invalid email or password");
        });
      }}
    >
      <FormError message={f.formError ?? ssoError} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        value={f.values.email}
        error={f.errors.email}
        onChange={(v) => f.set("email", v)}
      />
      {sso && <SsoButtons providers={sso.providers} next={safeNext} onLdap={setLdap} />}
      {passwordHidden && (
        <button type="button" onClick={() => setShowPassword(true)}>
          Use a password (break-glass account)
        </button>
      )}
      {!passwordHidden && (
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={f.values.password}
          error={f.errors.password}
          onChange={(v) => f.set("password", v)}
        />
      )}
      {needOtp && (
        <Field
          label="Verification code"
          name="otp"
          autoComplete="one-time-code"
          value={f.values.otp}
          error={f.errors.otp}
          onChange={(v) => f.set("otp", v)}
        />
      )}
      {!passwordHidden && (
        <button className="primary" type="submit" disabled={f.pending}>
          {f.pending ? "Signing in…" : "Sign in"}
        </button>
      )}
    </form>
  );
}
