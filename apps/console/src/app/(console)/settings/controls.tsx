"use client";
import type { ReactNode } from "react";

/** Inputs the shared Field does not render itself; ids follow Field's `f-<name>` so labels work. */
export function Check(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="field" htmlFor={`f-${props.name}`} style={{ flexDirection: "row", alignItems: "center", gap: 8 }}>
      <input
        id={`f-${props.name}`}
        name={props.name}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span>{props.label}</span>
      {props.hint && <span className="muted">{props.hint}</span>}
    </label>
  );
}

export function TextArea(props: {
  label: string;
  name: string;
  value: unknown;
  error?: string;
  rows?: number;
  placeholder?: string;
  onChange: (v: string) => void;
}) {
  const id = `f-${props.name}`;
  return (
    <label className="field" htmlFor={id}>
      <span>{props.label}</span>
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        className="mono"
        placeholder={props.placeholder}
        value={String(props.value ?? "")}
        aria-invalid={props.error ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}

export function Select(props: {
  label: string;
  name: string;
  value: unknown;
  error?: string;
  options: readonly (readonly [string, string])[];
  onChange: (v: string) => void;
}) {
  const id = `f-${props.name}`;
  return (
    <label className="field" htmlFor={id}>
      <span>{props.label}</span>
      <select
        id={id}
        name={props.name}
        value={String(props.value ?? "")}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      {props.error && (
        <span className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}

export const ROLE_OPTIONS = [
  ["admin", "Admin"],
  ["security_admin", "Security admin"],
  ["auditor", "Auditor"],
  ["helpdesk", "Helpdesk"],
  ["viewer", "Viewer"],
] as const;
