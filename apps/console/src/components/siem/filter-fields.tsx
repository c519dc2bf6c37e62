"use client";
import { Field } from "@/components/form";
import type { FormValues } from "./destination-form";

const OUTCOMES = ["success", "failure", "denied", "allow", "deny", "require_approval", "require_mfa"];
const CATEGORIES = ["admin", "agent", "integrity"];

/** A destination's filter: event types, outcomes, categories and the lowest severity (empty = everything). */
export function FilterFields({
  values,
  errors,
  set,
}: {
  values: FormValues;
  errors: Record<string, string>;
  set: (k: keyof FormValues, v: unknown) => void;
}) {
  const toggle = (k: "outcomes" | "categories", item: string) =>
    set(k, values[k].includes(item) ? values[k].filter((x) => x !== item) : [...values[k], item]);
  const boxes = (k: "outcomes" | "categories", items: string[], legend: string) => (
    <fieldset className="siem-checks">
      <legend>{legend}</legend>
      {items.map((i) => (
        <label key={i}>
          <input type="checkbox" checked={values[k].includes(i)} onChange={() => toggle(k, i)} /> {i}
        </label>
      ))}
      {errors[k] && (
        <span className="field-error" role="alert">
          {errors[k]}
        </span>
      )}
    </fieldset>
  );
  return (
    <details className="siem-filter">
      <summary>Filter (everything by default)</summary>
      <div className="siem-grid">
        <Field
          label="Event types (comma-separated, * at the end for a prefix)"
          name="types"
          value={values.types}
          error={errors.types}
          onChange={(v) => set("types", v)}
          placeholder="policy_decision, admin.*, integrity_*"
        />
        <Field
          label="Lowest severity (0-10)"
          name="minSeverity"
          type="number"
          value={values.minSeverity}
          error={errors.minSeverity}
          onChange={(v) => set("minSeverity", v)}
        />
      </div>
      {boxes("categories", CATEGORIES, "Categories")}
      {boxes("outcomes", OUTCOMES, "Outcomes")}
    </details>
  );
}
