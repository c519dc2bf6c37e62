"use client";
import { type ReactNode, useState } from "react";
import type { z } from "zod";
import { ApiError, type FieldError } from "@/lib/api";
import "@/lib/zod-messages";

/**
 * Form state validated by the same zod schema as the server handler; server-side field errors
 * (422, 409) land next to the same fields.
 */
export function useZodForm<S extends z.ZodType>(schema: S, initial: Record<string, unknown>) {
  const [values, setValues] = useState<Record<string, unknown>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  const set = (name: string, v: unknown) => {
    setValues((prev) => ({ ...prev, [name]: v }));
    setErrors((prev) => {
      const { [name]: _drop, ...rest } = prev;
      return rest;
    });
  };

  const applyFields = (fields: FieldError[]) => {
    const next: Record<string, string> = {};
    for (const f of fields) next[f.path.split(".")[0] || "(form)"] ??= f.message;
    setErrors(next);
  };

  async function submit(action: (data: z.infer<S>) => Promise<void>) {
    setFormError(null);
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      applyFields(parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
      return;
    }
    setPending(true);
    try {
      await action(parsed.data);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        applyFields(e.fields);
        if (e.fields.every((f) => f.path === "(body)")) setFormError(e.message);
      } else setFormError((e as Error).message);
    } finally {
      setPending(false);
    }
  }

  return { values, set, errors, formError, pending, submit, reset: () => setValues(initial) };
}

export function Field(props: {
  label: string;
  name: string;
  error?: string;
  children?: ReactNode;
  value?: unknown;
  onChange?: (v: string) => void;
  type?: string;
  placeholder?: string;
  autoComplete?: string;
}) {
  const id = `f-${props.name}`;
  return (
    <label className="field" htmlFor={id}>
      <span>{props.label}</span>
      {props.children ?? (
        <input
          id={id}
          name={props.name}
          type={props.type ?? "text"}
          value={String(props.value ?? "")}
          placeholder={props.placeholder}
          autoComplete={props.autoComplete}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-err` : undefined}
          onChange={(e) => props.onChange?.(e.target.value)}
        />
      )}
      {props.error && (
        <span className="field-error" id={`${id}-err`} role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}

export function FormError({ message }: { message: string | null }) {
  return message ? (
    <div className="form-error" role="alert">
      {message}
    </div>
  ) : null;
}
