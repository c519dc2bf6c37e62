"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { type TSsoSettings, ZSsoSettings } from "@/server/sso/schemas";
import { Check, Select } from "./controls";

interface SsoSettingsView extends TSsoSettings {
  breakGlassCandidates: { id: string; email: string; name: string }[];
}

export function SsoSettingsForm({ canEdit }: { canEdit: boolean }) {
  const q = useQuery({
    queryKey: ["sso-settings"],
    queryFn: () => api<SsoSettingsView>("/api/v1/identity-providers/settings"),
  });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load the sign-in settings.</div>;
  return canEdit ? <Form data={q.data} /> : <SettingsSummary data={q.data} />;
}

/** What a role that may read but not change the settings sees: the values, no inputs. */
function SettingsSummary({ data }: { data: SsoSettingsView }) {
  const breakGlass = data.breakGlassCandidates.find((c) => c.id === data.breakGlassUserId);
  return (
    <>
      <dl className="readonly-list" aria-label="Sign-in settings">
        <dt>Email domains</dt>
        <dd>{data.domains.length ? data.domains.join(", ") : "None"}</dd>
        <dt>Single sign-on required</dt>
        <dd>{data.ssoEnforced ? "Yes (password sign-in is off)" : "No"}</dd>
        <dt>Break-glass owner</dt>
        <dd>{breakGlass ? `${breakGlass.name} <${breakGlass.email}>` : data.breakGlassUserId ? "Set" : "None"}</dd>
      </dl>
      <p className="muted">Your role can see these settings; an owner or admin changes them.</p>
    </>
  );
}

function Form({ data }: { data: SsoSettingsView }) {
  const qc = useQueryClient();
  const f = useZodForm(ZSsoSettings, {
    domains: data.domains,
    ssoEnforced: data.ssoEnforced,
    breakGlassUserId: data.breakGlassUserId,
  });
  const [domainsText, setDomainsText] = useState(data.domains.join(", "));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: TSsoSettings) =>
      api<SsoSettingsView>("/api/v1/identity-providers/settings", { method: "PUT", body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["sso-settings"] }),
  });
  return (
    <form
      noValidate
      aria-label="Sign-in settings"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (body) => {
          await save.mutateAsync(body);
          setSaved(true);
        });
      }}
    >
      <FormError message={f.formError} />
      <p className="muted">
        People whose email is in one of these domains are sent to this organisation&apos;s identity providers when they
        sign in, and are created on their first sign-in.
      </p>
      <Field
        label="Email domains"
        name="domains"
        placeholder="example.com, example.org"
        value={domainsText}
        error={f.errors.domains}
        onChange={(v) => {
          setSaved(false);
          setDomainsText(v);
          f.set(
            "domains",
            v
              .split(/[\s,]+/)
              .map((d) => d.trim().toLowerCase())
              .filter(Boolean),
          );
        }}
      />
      <Check
        label="Require single sign-on (turn off password sign-in)"
        name="ssoEnforced"
        checked={Boolean(f.values.ssoEnforced)}
        onChange={(v) => f.set("ssoEnforced", v)}
      />
      {f.errors.ssoEnforced && <span className="field-error">{f.errors.ssoEnforced}</span>}
      <Select
        label="Break-glass owner (keeps password sign-in)"
        name="breakGlassUserId"
        value={f.values.breakGlassUserId ?? ""}
        error={f.errors.breakGlassUserId}
        options={[["", "None"], ...data.breakGlassCandidates.map((o) => [o.id, `${o.name} <${o.email}>`] as const)]}
        onChange={(v) => f.set("breakGlassUserId", v || null)}
      />
      <div className="row">
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Saving…" : "Save sign-in settings"}
        </button>
        {saved && <span role="status">Saved</span>}
      </div>
    </form>
  );
}
