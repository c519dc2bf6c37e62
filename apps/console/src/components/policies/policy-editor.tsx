"use client";
import type { PolicyError } from "@luminous/policy";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Field, FormError, useZodForm } from "@/components/form";
import { useDebounced } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TPolicyDetail } from "@/server/policies/get-policy";
import { ZPolicyMeta, ZVersionMeta } from "@/server/policies/meta-schemas";
import type { TVersionView } from "@/server/policies/present";
import s from "./policies.module.css";
import { type EditorConfig, LockPicker, PolicyForm } from "./policy-form";
import { editSource, readSource } from "./policy-source";
import { YamlView } from "./yaml-view";

type Validation = { ok: true; errors: [] } | { ok: false; errors: PolicyError[] };

export const NEW_POLICY_TEMPLATE = `# Fields left out are inherited: from policies assigned above this one
# (org -> group -> device), and finally from the secure defaults.
commands:
  mode: whitelist
  blacklist: [delete_files, format_disk, shutdown_system, kernel_modification]
`;

/**
 * Create or edit a policy: a form for the common settings and the whole document as YAML, both
 * checked as you type (the text locally for syntax, the server for the schema, with lines).
 * Saving always makes a new immutable version with a change note.
 */
export function PolicyEditor({
  config,
  policyId,
  initialSource,
  initialLocked,
  baseVersion,
  onSaved,
}: {
  config: EditorConfig;
  /** Absent: a new policy. */
  policyId?: string;
  initialSource: string;
  initialLocked: string[];
  baseVersion?: number;
  onSaved?: (v: TVersionView) => void;
}) {
  const router = useRouter();
  const qc = useQueryClient();
  const [source, setSource] = useState(initialSource);
  const [locked, setLocked] = useState(initialLocked);
  const [view, setView] = useState<"form" | "yaml">("form");
  const creating = !policyId;
  const f = useZodForm(creating ? ZPolicyMeta : ZVersionMeta, { name: "", description: "", note: "" });

  const { raw, syntax } = useMemo(() => readSource(source), [source]);
  const checked = useDebounced(source, 250);
  const validation = useQuery({
    queryKey: ["policy-validate", checked],
    queryFn: () => api<Validation>("/api/v1/policies/validate", { method: "POST", body: { source: checked } }),
    enabled: syntax.length === 0,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const pendingCheck = checked !== source || validation.isFetching;
  const errors: PolicyError[] = syntax.length
    ? syntax
    : validation.data && !validation.data.ok
      ? validation.data.errors
      : [];
  const changed = source !== initialSource || locked.join() !== initialLocked.join();

  const edit = (path: string, value: unknown) => setSource((src) => editSource(src, path, value));

  const save = () =>
    f.submit(async (meta) => {
      if (creating) {
        const p = await api<TPolicyDetail>("/api/v1/policies", {
          method: "POST",
          body: { ...meta, source, lockedPaths: locked },
        });
        await qc.invalidateQueries({ queryKey: ["policies"] });
        router.push(`/policies/${p.id}?tab=history`);
      } else {
        const v = await api<TVersionView>(`/api/v1/policies/${policyId}/versions`, {
          method: "POST",
          body: { ...meta, source, lockedPaths: locked },
        });
        await qc.invalidateQueries({ queryKey: ["policy", policyId] });
        f.reset();
        onSaved?.(v);
      }
    });

  const problems = errors.length;
  return (
    <div className={s.editorGrid}>
      <div>
        <div className={s.tabs} role="tablist" aria-label="Editor view">
          {(["form", "yaml"] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              className={view === v ? s.tabOn : s.tab}
              onClick={() => setView(v)}
            >
              {v === "form" ? "Form" : "YAML"}
            </button>
          ))}
          <span style={{ flex: 1 }} />
          <span className="muted" style={{ alignSelf: "center", fontSize: 12.5 }} aria-live="polite">
            {pendingCheck ? (
              "Checking…"
            ) : problems ? (
              <span className="badge bad">
                {problems} problem{problems > 1 ? "s" : ""}
              </span>
            ) : (
              <span className="badge ok">Valid</span>
            )}
          </span>
        </div>
        {view === "form" ? (
          raw ? (
            <PolicyForm raw={raw} errors={errors} config={config} locked={locked} onEdit={edit} />
          ) : (
            <div className="form-error" role="alert">
              The YAML has a syntax error (line {syntax[0]?.line ?? "?"}): {syntax[0]?.message}. Fix it in the YAML view
              to use the form.{" "}
              <button type="button" onClick={() => setView("yaml")}>
                Open YAML
              </button>
            </div>
          )
        ) : (
          <YamlView source={source} onChange={setSource} errors={errors} />
        )}
      </div>
      <aside className={s.sticky}>
        <div className={s.section}>
          <h3>{creating ? "Create policy" : `New version${baseVersion ? ` (after v${baseVersion})` : ""}`}</h3>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <FormError message={f.formError} />
            {creating && (
              <>
                <Field
                  label="Name"
                  name="name"
                  value={f.values.name}
                  error={f.errors.name}
                  onChange={(v) => f.set("name", v)}
                />
                <Field
                  label="Description"
                  name="description"
                  value={f.values.description}
                  error={f.errors.description}
                  onChange={(v) => f.set("description", v)}
                />
              </>
            )}
            <label className="field" htmlFor="f-note">
              <span>Change note</span>
              <textarea
                id="f-note"
                name="note"
                rows={3}
                placeholder="What changed and why"
                aria-invalid={f.errors.note ? true : undefined}
                value={String(f.values.note ?? "")}
                onChange={(e) => f.set("note", e.target.value)}
              />
              {f.errors.note && (
                <span className="field-error" role="alert">
                  {f.errors.note}
                </span>
              )}
            </label>
            {f.errors.source && (
              <div className="field-error" role="alert" style={{ marginBottom: 8 }}>
                {f.errors.source}
              </div>
            )}
            {f.errors.lockedPaths && (
              <div className="field-error" role="alert" style={{ marginBottom: 8 }}>
                Locks: {f.errors.lockedPaths}
              </div>
            )}
            <button
              type="submit"
              className="primary"
              disabled={f.pending || problems > 0 || pendingCheck || (!creating && !changed)}
              style={{ width: "100%" }}
            >
              {f.pending ? "Saving…" : creating ? "Create policy (draft)" : "Save as new version"}
            </button>
            <p className="muted" style={{ fontSize: 12.5, marginBottom: 0 }}>
              {!creating && !changed
                ? "Edit the form or the YAML to save a new version."
                : "Saving does not change any device: publish the version from History."}
            </p>
          </form>
        </div>
        <div className={s.section}>
          <h3>
            Locked fields <span className="badge neutral">{locked.length}</span>
          </h3>
          <LockPicker lockable={config.lockable} locked={locked} onChange={setLocked} />
        </div>
      </aside>
    </div>
  );
}
