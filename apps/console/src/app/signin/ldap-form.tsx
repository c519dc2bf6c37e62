"use client";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { Field, FormError, useZodForm } from "@/components/form";
import { ZLdapSignIn } from "@/server/sso/schemas";
import type { SsoProvider } from "./sso-options";

/** Directory (LDAP / Active Directory) password sign-in through the `ldap` next-auth provider. */
export function LdapSignInForm(props: { idp: SsoProvider; username: string; next: string; onBack: () => void }) {
  const router = useRouter();
  const f = useZodForm(ZLdapSignIn, { idp: props.idp.slug, username: props.username, password: "" });
  return (
    <form
      noValidate
      aria-label={`Sign in with ${props.idp.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data) => {
          const res = await signIn("ldap", {
            redirect: false,
            idp: data.idp,
            username: data.username,
            password: data.password,
          });
          if (res?.ok && !res.error) {
            router.replace(props.next);
            router.refresh();
            return;
          }
          throw new Error(res?.error && res.error !== "CredentialsSignin" ? res.error : "Invalid username or password");
        });
      }}
    >
      <p className="muted">{props.idp.name}</p>
      <FormError message={f.formError} />
      <Field
        label="Directory username"
        name="username"
        autoComplete="username"
        value={f.values.username}
        error={f.errors.username}
        onChange={(v) => f.set("username", v)}
      />
      <Field
        label="Directory password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={f.values.password}
        error={f.errors.password}
        onChange={(v) => f.set("password", v)}
      />
      <button className="primary" type="submit" disabled={f.pending}>
        {f.pending ? "Signing in…" : "Sign in"}
      </button>
      <button type="button" onClick={props.onBack} style={{ marginLeft: 8 }}>
        Back
      </button>
    </form>
  );
}
