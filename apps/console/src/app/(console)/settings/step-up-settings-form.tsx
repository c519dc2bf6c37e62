"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { STEP_UP_MAX_MINUTES, STEP_UP_MIN_MINUTES, ZStepUpForm } from "@/server/step-up/schemas";
import { Check } from "./controls";

/** Settings: require a fresh second factor for sensitive actions within N minutes (Owner/Admin). */
export function StepUpSettingsForm({ canEdit }: { canEdit: boolean }) {
  const q = useQuery({
    queryKey: ["step-up-settings"],
    queryFn: () => api<{ minutes: number | null }>("/api/v1/settings/step-up"),
  });
  if (q.isLoading) return <div className="loading">Loading…</div>;
  if (q.error || !q.data) return <div className="form-error">Could not load the step-up setting.</div>;
  return <Form minutes={q.data.minutes} canEdit={canEdit} />;
}

function Form({ minutes, canEdit }: { minutes: number | null; canEdit: boolean }) {
  const qc = useQueryClient();
  const f = useZodForm(ZStepUpForm, { enabled: minutes !== null, minutes: minutes ?? 15 });
  const [saved, setSaved] = useState(false);
  return (
    <form
      noValidate
      aria-label="Step-up setting"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void f.submit(async (data) => {
          await api("/api/v1/settings/step-up", {
            method: "PUT",
            body: { minutes: data.enabled ? data.minutes : null },
          });
          await qc.invalidateQueries({ queryKey: ["step-up-settings"] });
          setSaved(true);
        });
      }}
    >
      <p className="muted">
        Publishing a policy, rotating the signing key, changing an identity provider, making someone an Admin or Owner
        and exporting the audit trail then ask for a code from an authenticator app or a security key, unless one was
        given within the last minutes set here. API tokens cannot do these actions while this is on.
      </p>
      <FormError message={f.formError} />
      <Check
        label="Require a fresh second factor for sensitive actions"
        name="stepUpEnabled"
        checked={Boolean(f.values.enabled)}
        onChange={(v) => f.set("enabled", v)}
      />
      <Field
        label={`Within how many minutes (${STEP_UP_MIN_MINUTES}-${STEP_UP_MAX_MINUTES})`}
        name="stepUpMinutes"
        type="number"
        value={f.values.minutes}
        error={f.errors.minutes}
        onChange={(v) => f.set("minutes", v)}
      />
      {canEdit ? (
        <button type="submit" className="primary" disabled={f.pending}>
          Save step-up setting
        </button>
      ) : (
        <p className="muted">Only owners and admins change this.</p>
      )}
      {saved && (
        <span role="status" className="muted">
          Saved.
        </span>
      )}
    </form>
  );
}
