"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import type { listMyIdentities } from "@/server/sso/list-my-identities";
import { ZStartIdentityLink } from "@/server/sso/schemas";

type Mine = Awaited<ReturnType<typeof listMyIdentities>>;
const VIA: Record<string, string> = {
  provisioned: "created by this provider",
  self: "linked by you",
  verified_email: "linked by verified email",
};

/**
 * Linking an identity provider to one's own account: the only way an existing account is reached
 * through an IdP (besides the owner-set verified-email rule). Proves the account first.
 */
export function LinkedIdentities() {
  const expired = useSearchParams().get("link") === "expired";
  const mine = useQuery({ queryKey: ["my-identities"], queryFn: () => api<Mine>("/api/v1/me/identities") });
  const f = useZodForm(ZStartIdentityLink, { idpId: "", password: "", code: "", username: "", directoryPassword: "" });
  const data = mine.data;
  const chosen = data?.providers.find((p) => p.id === f.values.idpId);
  const linkable = data?.providers.filter((p) => p.allowed) ?? [];
  return (
    <section className="panel" aria-labelledby="identities-heading">
      <h2 id="identities-heading">Sign-in identities</h2>
      {expired && (
        <p role="alert" className="muted">
          That link request expired or belongs to another session; start again.
        </p>
      )}
      {mine.isLoading && <div className="loading">Loading…</div>}
      {data && (
        <>
          {data.identities.length === 0 ? (
            <p className="muted">No identity provider is linked to your account.</p>
          ) : (
            <ul aria-label="Linked identities">
              {data.identities.map((i) => (
                <li key={i.idpId}>
                  <strong>{i.idpName}</strong> <span className="mono">{i.subject}</span> (
                  {VIA[i.linkedVia] ?? i.linkedVia}
                  {i.secondFactorAtLink ? ", with a second factor" : ""})
                </li>
              ))}
            </ul>
          )}
          {!data.hasPassword ? (
            <p className="muted">Your account has no console password, so it cannot prove itself to link a provider.</p>
          ) : linkable.length === 0 ? (
            <p className="muted">No identity provider can be linked to your account.</p>
          ) : (
            <form
              noValidate
              aria-label="Link an identity provider"
              style={{ maxWidth: 520 }}
              onSubmit={(e) => {
                e.preventDefault();
                void f.submit(async (body) => {
                  const r = await api<{
                    linked: boolean;
                    idp: { type: string; slug: string };
                    continueUrl: string | null;
                  }>("/api/v1/me/identities/link", { method: "POST", body });
                  if (r.linked) {
                    f.reset();
                    await mine.refetch();
                  } else if (r.continueUrl) window.location.assign(r.continueUrl);
                  else await signIn(r.idp.slug, { callbackUrl: "/profile" });
                });
              }}
            >
              <p className="muted">
                Prove this account, then sign in at the provider: that identity will sign you in from then on.
              </p>
              <label className="field" htmlFor="link-idpId">
                <span>Identity provider</span>
                <select
                  id="link-idpId"
                  name="idpId"
                  value={String(f.values.idpId)}
                  onChange={(e) => f.set("idpId", e.target.value)}
                  aria-invalid={f.errors.idpId ? true : undefined}
                  aria-describedby={f.errors.idpId ? "link-idpId-err" : undefined}
                >
                  <option value="">Choose…</option>
                  {linkable.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
                {f.errors.idpId && (
                  <span className="field-error" id="link-idpId-err" role="alert">
                    {f.errors.idpId}
                  </span>
                )}
              </label>
              <LinkInput
                label="Your console password"
                name="password"
                type="password"
                value={f.values.password}
                error={f.errors.password}
                onChange={(v) => f.set("password", v)}
              />
              {data.secondFactorRequired && (
                <LinkInput
                  label="Authenticator code"
                  name="code"
                  value={f.values.code}
                  error={f.errors.code}
                  onChange={(v) => f.set("code", v)}
                />
              )}
              {chosen?.type === "ldap" && (
                <>
                  <LinkInput
                    label="Directory username"
                    name="username"
                    value={f.values.username}
                    error={f.errors.username}
                    onChange={(v) => f.set("username", v)}
                  />
                  <LinkInput
                    label="Directory password"
                    name="directoryPassword"
                    type="password"
                    value={f.values.directoryPassword}
                    error={f.errors.directoryPassword}
                    onChange={(v) => f.set("directoryPassword", v)}
                  />
                </>
              )}
              <FormError message={f.formError} />
              <button type="submit" className="primary" disabled={f.pending}>
                Link identity provider
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

/** A form field with ids of its own (the Profile page has other password and code fields). */
function LinkInput(props: {
  label: string;
  name: string;
  type?: string;
  value: unknown;
  error?: string;
  onChange: (v: string) => void;
}) {
  const id = `link-${props.name}`;
  return (
    <label className="field" htmlFor={id}>
      <span>{props.label}</span>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={String(props.value ?? "")}
        autoComplete={props.type === "password" ? "current-password" : "off"}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-err` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}
