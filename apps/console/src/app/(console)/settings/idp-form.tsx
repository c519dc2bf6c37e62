"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import type { TIdentityProviderView } from "@/server/sso/present-identity-provider";
import { OIDC_PRESETS, ZSaveIdentityProvider } from "@/server/sso/schemas";
import { Check, ROLE_OPTIONS, Select, TextArea } from "./controls";
import { BLANK } from "./idp-defaults";
import { DraftSetupValues, SamlPresetPicker } from "./idp-form-parts";

type Values = Record<string, unknown>;

const pem = (b64: unknown) =>
  typeof b64 === "string" && b64
    ? `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)?.join("\n")}\n-----END CERTIFICATE-----`
    : "";

/** Form values for editing an existing IdP: its stored settings, secrets blank (= keep). */
export function valuesOf(idp: TIdentityProviderView): Values {
  const base = BLANK[idp.type as "saml" | "oidc" | "ldap"];
  const c = idp.config as Values;
  const v: Values = { ...base, ...c, type: idp.type, name: idp.name, slug: idp.slug, enabled: idp.enabled };
  if (idp.type === "saml") {
    const certs = (c.idpCerts as string[] | undefined) ?? [];
    Object.assign(v, { idpCert: pem(certs[0]), idpCertNext: pem(certs[1]), metadataXml: "" });
    delete v.idpCerts;
    delete v.spCert;
    delete v.spKeyCreatedAt;
    v.signAuthnRequests = c.signAuthnRequests === true;
  }
  if (idp.type === "oidc") v.clientSecret = "";
  if (idp.type === "ldap") v.bindPassword = "";
  return v;
}

/** The settings that differ from what was loaded: all an edit sends (PATCH), so a certificate is not re-sent. */
function changedOnly(body: Values, values: Values, initial: Values): Values {
  return Object.fromEntries(
    Object.entries(body).filter(([k]) => JSON.stringify(values[k]) !== JSON.stringify(initial[k])),
  );
}

/**
 * `onSaved`: the page that keys this form on the IdP's updatedAt (so it reloads the saved values)
 * shows the "Saved" status itself, since a save remounts the form.
 */
export function IdpForm({
  initial,
  id,
  publicUrl,
  onSaved,
}: {
  initial: Values;
  id?: string;
  publicUrl?: string;
  onSaved?: () => void;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const f = useZodForm(ZSaveIdentityProvider, initial);
  const [saved, setSaved] = useState(false);
  const type = initial.type as "saml" | "oidc" | "ldap";
  const text = (name: string, label: string, extra: { type?: string; placeholder?: string } = {}) => (
    <Field
      label={label}
      name={name}
      type={extra.type}
      placeholder={extra.placeholder}
      value={f.values[name]}
      error={f.errors[name]}
      onChange={(v) => {
        setSaved(false);
        f.set(name, v);
      }}
    />
  );
  const check = (name: string, label: string) => (
    <Check label={label} name={name} checked={Boolean(f.values[name])} onChange={(v) => f.set(name, v)} />
  );
  const area = (name: string, label: string, rows = 4, placeholder?: string) => (
    <TextArea
      label={label}
      name={name}
      rows={rows}
      placeholder={placeholder}
      value={f.values[name]}
      error={f.errors[name]}
      onChange={(v) => f.set(name, v)}
    />
  );

  return (
    <form
      noValidate
      aria-label="Identity provider settings"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (body) => {
          if (id) {
            const changed = changedOnly(body as Values, f.values, initial);
            if (Object.keys(changed).length) {
              await api(`/api/v1/identity-providers/${id}`, { method: "PATCH", body: changed });
              await qc.invalidateQueries({ queryKey: ["idp", id] });
              await qc.invalidateQueries({ queryKey: ["idp-activity", id] });
            }
            if (onSaved) onSaved();
            else setSaved(true);
          } else {
            const created = await api<TIdentityProviderView>("/api/v1/identity-providers", { method: "POST", body });
            await qc.invalidateQueries({ queryKey: ["idps"] });
            router.push(`/settings/identity-providers/${created.id}`);
          }
        });
      }}
    >
      <FormError message={f.formError} />
      {text("name", "Display name")}
      {text("slug", "Short name (used in URLs)", { placeholder: "acme-okta" })}
      {!id && publicUrl && <DraftSetupValues type={type} publicUrl={publicUrl} slug={String(f.values.slug ?? "")} />}
      {type === "oidc" && (
        <Select
          label="Provider"
          name="preset"
          value={f.values.preset}
          options={Object.entries(OIDC_PRESETS).map(([k, p]) => [k, p.label] as const)}
          onChange={(v) => {
            const p = OIDC_PRESETS[v as keyof typeof OIDC_PRESETS];
            f.set("preset", v);
            if (!id) {
              f.set("issuer", p.issuer);
              f.set("scopes", p.scopes);
              f.set("groupsClaim", p.groupsClaim);
            }
          }}
        />
      )}
      {type === "saml" && (
        <>
          {area("metadataXml", "IdP metadata XML (paste; or fill in the fields below)", 6, "<EntityDescriptor …>")}
          {text("idpEntityId", "IdP entity id")}
          {text("ssoUrl", "IdP single sign-on URL")}
          {area("idpCert", "IdP signing certificate (PEM)")}
          {area("idpCertNext", "Next IdP certificate, during a rotation (optional)")}
          <SamlPresetPicker set={f.set} />
          {text("emailAttribute", "Email attribute (blank: use the NameID)")}
          {text("nameAttribute", "Name attribute")}
          {text("groupsAttribute", "Groups attribute")}
          {check("allowIdpInitiated", "Allow IdP-initiated sign-in")}
          <p className="muted small" id="idp-initiated-help">
            Okta tiles and Entra ID&apos;s &ldquo;Test this application&rdquo; start sign-in at the IdP (no request from
            this console): they work only with this on. Off, users start from the console&apos;s sign-in page and are
            told why a tile was refused. On, a response is still checked for signature, audience, recipient, time and
            replay.
          </p>
          {check("requireEncryptedAssertions", "Require encrypted assertions")}
          {check("signAuthnRequests", "Sign authentication requests (SP key in the SP metadata)")}
        </>
      )}
      {type === "oidc" && (
        <>
          {text("issuer", "Issuer URL", { placeholder: "https://your-org.okta.com" })}
          {text("clientId", "Client id")}
          {text("clientSecret", id ? "Client secret (leave blank to keep)" : "Client secret", { type: "password" })}
          {text("scopes", "Scopes")}
          {text("groupsClaim", "Groups claim")}
          {f.values.preset === "google" && text("hostedDomain", "Google Workspace domain (hd)")}
        </>
      )}
      {type === "ldap" && (
        <>
          {text("url", "Directory URL", { placeholder: "ldaps://dc1.corp.example:636" })}
          {check("startTls", "Use StartTLS (ldap:// URLs)")}
          {area("caCert", "CA certificate (PEM, optional)")}
          {text("bindDn", "Service account DN")}
          {text("bindPassword", id ? "Service account password (leave blank to keep)" : "Service account password", {
            type: "password",
          })}
          {text("userBase", "User search base")}
          {text("userFilter", "User filter")}
          {text("emailAttribute", "Email attribute")}
          {text("nameAttribute", "Name attribute")}
          <Select
            label="Group membership"
            name="groupMode"
            value={f.values.groupMode}
            options={[
              ["memberOf", "memberOf attribute on the user"],
              ["search", "Search groups for the user"],
            ]}
            onChange={(v) => f.set("groupMode", v)}
          />
          {text("groupBase", "Group search base")}
          {text("groupFilter", "Group filter")}
          {text("groupNameAttribute", "Group name attribute")}
          {check("nestedGroups", "Include nested groups")}
          {check("activeDirectory", "Active Directory (resolve nesting with LDAP_MATCHING_RULE_IN_CHAIN)")}
          {text("timeoutMs", "Timeout (ms)")}
        </>
      )}
      <Select
        label="Role for users with no mapped group"
        name="defaultRole"
        value={f.values.defaultRole}
        error={f.errors.defaultRole}
        options={[...ROLE_OPTIONS, ["none", "None: refuse sign-in"]]}
        onChange={(v) => f.set("defaultRole", v)}
      />
      <fieldset className="fieldset">
        <legend>Linking existing accounts</legend>
        <p className="muted small" id="link-help">
          Off: an existing account is reached through this provider only after its holder links it on their Profile
          (password and second factor). On: an identity asserting the verified email of an existing account of one of
          this organisation's domains is linked to it, for roles below Admin only.
        </p>
        {check("linkByVerifiedEmail", "Link existing accounts by verified email")}
        {type === "oidc" &&
          check("emailsVerified", "This provider verifies every email (count a missing email_verified as verified)")}
      </fieldset>
      {check("enabled", "Enabled")}
      <p className="muted small">Only an Owner can add an identity provider or save its settings.</p>
      <div className="row">
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : id ? "Save identity provider" : "Add identity provider"}
        </button>
        {saved && <span role="status">Saved</span>}
      </div>
    </form>
  );
}
