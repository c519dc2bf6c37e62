"use client";
import { useState } from "react";
import { Field, FormError } from "@/components/form";
import { ApiError, api } from "@/lib/api";
import { FilterFields } from "./filter-fields";
import { FORMAT_LABELS, isSyslog, KIND_LABELS } from "./types";

const EMPTY = {
  kind: "syslog_tls",
  name: "",
  format: "cef",
  stream: "events",
  host: "",
  port: "",
  url: "",
  caCert: "",
  clientCert: "",
  clientKey: "",
  token: "",
  secret: "",
  types: "",
  outcomes: [] as string[],
  categories: [] as string[],
  minSeverity: "0",
};
export type FormValues = typeof EMPTY;

/** The request body for the kind chosen: only its own fields, empty ones left out (the server validates). */
function body(v: FormValues) {
  const opt = (s: string) => (s.trim() ? s : undefined);
  const filter = {
    types: v.types
      .split(",")
      .map((t) => t.trim())
      .filter(Boolean),
    outcomes: v.outcomes,
    categories: v.categories,
    minSeverity: Number(v.minSeverity) || 0,
  };
  const common = { kind: v.kind, name: v.name, stream: v.stream, filter };
  if (isSyslog(v.kind)) {
    const tls = v.kind === "syslog_tls";
    return {
      ...common,
      format: v.format,
      host: v.host,
      ...(v.port ? { port: Number(v.port) } : {}),
      ...(tls ? { caCert: opt(v.caCert), clientCert: opt(v.clientCert), clientKey: opt(v.clientKey) } : {}),
    };
  }
  return v.kind === "splunk_hec"
    ? { ...common, url: v.url, token: v.token }
    : { ...common, url: v.url, secret: v.secret };
}

export function DestinationForm({ onCreated }: { onCreated: () => void }) {
  const [v, setV] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (k: keyof FormValues, value: unknown) => {
    setV((p) => ({ ...p, [k]: value }));
    setErrors(({ [k]: _drop, ...rest }) => rest);
  };
  const submit = async () => {
    setPending(true);
    setFormError(null);
    try {
      await api("/api/v1/siem-destinations", { method: "POST", body: body(v) });
      setV(EMPTY);
      onCreated();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        // shown next to their fields; the paths are the body's (filter.types.0 -> types)
        const next: Record<string, string> = {};
        for (const f of e.fields) next[f.path.split(".").find((p) => p in EMPTY) ?? "(form)"] ??= f.message;
        setErrors(next);
        if (next["(form)"]) setFormError(e.message);
      } else setFormError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  const syslog = isSyslog(v.kind);
  const text = (k: keyof FormValues, label: string, extra: { type?: string; placeholder?: string } = {}) => (
    <Field label={label} name={k} value={v[k]} error={errors[k]} onChange={(x) => set(k, x)} {...extra} />
  );
  const pem = (k: "caCert" | "clientCert" | "clientKey", label: string) => (
    <Field label={label} name={k} error={errors[k]}>
      <textarea id={`f-${k}`} rows={3} value={v[k]} onChange={(e) => set(k, e.target.value)} className="mono" />
    </Field>
  );
  return (
    <form
      noValidate
      className="siem-form"
      aria-label="Add a destination"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="siem-grid">
        {text("name", "Name", { placeholder: "Splunk production" })}
        <Field label="Destination type" name="kind" error={errors.kind}>
          <select id="f-kind" value={v.kind} onChange={(e) => set("kind", e.target.value)}>
            {Object.entries(KIND_LABELS).map(([k, l]) => (
              <option key={k} value={k}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        {syslog && (
          <Field label="Format" name="format" error={errors.format}>
            <select id="f-format" value={v.format} onChange={(e) => set("format", e.target.value)}>
              {["cef", "leef", "rfc5424"].map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Forward" name="stream" error={errors.stream}>
          <select id="f-stream" value={v.stream} onChange={(e) => set("stream", e.target.value)}>
            <option value="events">Audit events</option>
            <option value="checkpoints">Signed chain checkpoints</option>
          </select>
        </Field>
        {syslog && text("host", "Host", { placeholder: "siem.example.com" })}
        {syslog && text("port", "Port", { type: "number", placeholder: v.kind === "syslog_tls" ? "6514" : "514" })}
        {!syslog && text("url", "URL", { placeholder: "https://splunk.example.com:8088" })}
        {v.kind === "splunk_hec" && text("token", "HEC token (write-only)", { type: "password" })}
        {v.kind === "webhook" && text("secret", "Signing secret (write-only, 16+ characters)", { type: "password" })}
      </div>
      {v.kind === "syslog_tls" && (
        <div className="siem-grid">
          {pem("caCert", "CA certificate (PEM, pinned)")}
          {pem("clientCert", "Client certificate (PEM, optional)")}
          {pem("clientKey", "Client key (PEM, write-only)")}
        </div>
      )}
      {v.stream === "events" && <FilterFields values={v} errors={errors} set={set} />}
      <FormError message={formError} />
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Adding…" : "Add destination"}
      </button>
    </form>
  );
}
