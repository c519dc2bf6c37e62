"use client";
import type { PolicyError, TPolicy } from "@luminous/policy";
import { type ReactNode, useEffect, useState } from "react";
import s from "./policies.module.css";
import { describeError, errorsAt, getAt, type Raw } from "./policy-source";

export interface EditorConfig {
  actions: string[];
  lockable: string[];
  defaults: TPolicy;
}

const ACTION_LABELS: Record<string, string> = {
  install_package: "Install package",
  remove_package: "Remove package",
  enable_service: "Enable service",
  disable_service: "Disable service",
  restart_service: "Restart service",
  show_info: "Show information",
  delete_files: "Delete files",
  format_disk: "Format disk",
  shutdown_system: "Shut down / reboot",
  modify_firewall: "Modify firewall",
  add_user: "Add user",
  change_permissions: "Change permissions",
  system_upgrade: "System upgrade",
  kernel_modification: "Kernel modification",
  user_management: "User management",
};
export const actionLabel = (a: string) => ACTION_LABELS[a] ?? a;

interface FormProps {
  raw: Raw;
  errors: PolicyError[];
  config: EditorConfig;
  locked: string[];
  onEdit: (path: string, value: unknown) => void;
}

/** Where a value comes from: this policy sets it, or it is inherited (lower layers, then the defaults). */
function Origin({ set, onReset, locked }: { set: boolean; onReset: () => void; locked: boolean }) {
  return (
    <span className={s.origin}>
      {locked && (
        <span className="badge neutral" title="Lower layers may only tighten this" style={{ marginRight: 6 }}>
          locked
        </span>
      )}
      {set ? (
        <button type="button" className={s.linkButton} onClick={onReset} title="Remove from this policy">
          set here · reset
        </button>
      ) : (
        "inherited"
      )}
    </span>
  );
}

function Row(props: {
  label: string;
  hint?: string;
  path: string;
  p: FormProps;
  children: (id: string, invalid: boolean) => ReactNode;
}) {
  const { p, path } = props;
  const id = `pf-${path.replace(/\./g, "-")}`;
  const errs = errorsAt(p.errors, path);
  const locked = p.locked.includes(path) || p.locked.includes(path.split(".")[0]!);
  return (
    <div className={s.fieldRow}>
      <label className={s.fieldLabel} htmlFor={id}>
        {props.label}
        {props.hint && <small>{props.hint}</small>}
      </label>
      <div>
        {props.children(id, errs.length > 0)}
        {errs.map((e) => (
          <div key={`${e.path}${e.message}`} className="field-error" role="alert">
            {e.line ? `line ${e.line}: ` : ""}
            {describeError(e)}
          </div>
        ))}
      </div>
      <Origin set={getAt(p.raw, path) !== undefined} onReset={() => p.onEdit(path, undefined)} locked={locked} />
    </div>
  );
}

function value<T>(p: FormProps, path: string): T {
  const v = getAt(p.raw, path);
  return (v === undefined ? getAt(p.config.defaults as unknown as Raw, path) : v) as T;
}

function Toggle({ p, path, label, hint }: { p: FormProps; path: string; label: string; hint?: string }) {
  return (
    <Row label={label} hint={hint} path={path} p={p}>
      {(id, invalid) => (
        <input
          id={id}
          type="checkbox"
          aria-invalid={invalid || undefined}
          checked={value<unknown>(p, path) === true}
          onChange={(e) => p.onEdit(path, e.target.checked)}
          style={{ marginTop: 8 }}
        />
      )}
    </Row>
  );
}

function Text({
  p,
  path,
  label,
  hint,
  type = "text",
}: {
  p: FormProps;
  path: string;
  label: string;
  hint?: string;
  type?: "text" | "number";
}) {
  const v = value<unknown>(p, path);
  return (
    <Row label={label} hint={hint} path={path} p={p}>
      {(id, invalid) => (
        <input
          id={id}
          type="text"
          inputMode={type === "number" ? "numeric" : undefined}
          aria-invalid={invalid || undefined}
          value={v === undefined || v === null ? "" : String(v)}
          onChange={(e) => {
            const t = e.target.value;
            p.onEdit(path, type === "number" && /^\d+$/.test(t.trim()) ? Number(t.trim()) : t);
          }}
          style={{ width: "100%" }}
        />
      )}
    </Row>
  );
}

function Choice({
  p,
  path,
  label,
  options,
  hint,
}: {
  p: FormProps;
  path: string;
  label: string;
  options: string[];
  hint?: string;
}) {
  const v = String(value<unknown>(p, path) ?? "");
  return (
    <Row label={label} hint={hint} path={path} p={p}>
      {(id, invalid) => (
        <select id={id} aria-invalid={invalid || undefined} value={v} onChange={(e) => p.onEdit(path, e.target.value)}>
          {!options.includes(v) && <option value={v}>{v || "—"}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )}
    </Row>
  );
}

/** One glob per line; keeps its own text so blank lines can be typed before they mean anything. */
function Lines({ p, path, label, hint }: { p: FormProps; path: string; label: string; hint?: string }) {
  const list = value<unknown>(p, path);
  const arr = Array.isArray(list) ? list.map(String) : [];
  const [text, setText] = useState(arr.join("\n"));
  const parse = (t: string) =>
    t
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter(Boolean);
  const key = arr.join("\n");
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-sync only when the list itself changes (YAML edits)
  useEffect(() => {
    if (parse(text).join("\n") !== key) setText(key);
  }, [key]);
  return (
    <Row label={label} hint={hint} path={path} p={p}>
      {(id, invalid) => (
        <textarea
          id={id}
          rows={Math.max(2, Math.min(6, arr.length + 1))}
          aria-invalid={invalid || undefined}
          value={text}
          placeholder="one name or glob per line, e.g. python3*"
          onChange={(e) => {
            setText(e.target.value);
            p.onEdit(path, parse(e.target.value));
          }}
          style={{ width: "100%", fontFamily: "ui-monospace, monospace", fontSize: 12.5 }}
        />
      )}
    </Row>
  );
}

const COLUMNS = [
  { path: "commands.whitelist", label: "Whitelist" },
  { path: "commands.blacklist", label: "Blacklist" },
  { path: "commands.require_approval", label: "Needs approval" },
  { path: "mfa.operations", label: "Needs MFA" },
] as const;

/** Actions x lists in one table: a row says at a glance what happens to each action. */
function CommandMatrix({ p }: { p: FormProps }) {
  const mode = value<string>(p, "commands.mode");
  const lists = Object.fromEntries(COLUMNS.map((c) => [c.path, value<unknown>(p, c.path)])) as Record<string, unknown>;
  const has = (path: string, a: string) => Array.isArray(lists[path]) && (lists[path] as unknown[]).includes(a);
  const toggle = (path: string, a: string, on: boolean) => {
    const cur = Array.isArray(lists[path]) ? (lists[path] as string[]) : [];
    p.onEdit(path, on ? [...cur.filter((x) => x !== a), a] : cur.filter((x) => x !== a));
  };
  const colErrors = COLUMNS.flatMap((c) => errorsAt(p.errors, c.path));
  return (
    <>
      <table className={s.matrix} aria-label="Actions">
        <thead>
          <tr>
            <th>Action</th>
            {COLUMNS.map((c) => (
              <th
                key={c.path}
                className={c.path === "commands.whitelist" && mode === "blacklist" ? s.ignored : undefined}
              >
                {c.label}
                <div style={{ textTransform: "none", fontWeight: 400 }}>
                  <Origin
                    set={getAt(p.raw, c.path) !== undefined}
                    onReset={() => p.onEdit(c.path, undefined)}
                    locked={p.locked.includes(c.path) || p.locked.includes(c.path.split(".")[0]!)}
                  />
                </div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.config.actions.map((a) => (
            <tr key={a}>
              <td>
                {actionLabel(a)} <span className="muted mono">{a}</span>
              </td>
              {COLUMNS.map((c) => (
                <td
                  key={c.path}
                  className={c.path === "commands.whitelist" && mode === "blacklist" ? s.ignored : undefined}
                >
                  <input
                    type="checkbox"
                    aria-label={`${actionLabel(a)}: ${c.label}`}
                    checked={has(c.path, a)}
                    onChange={(e) => toggle(c.path, a, e.target.checked)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {colErrors.map((e) => (
        <div key={`${e.path}${e.message}`} className="field-error" role="alert">
          {e.line ? `line ${e.line}: ` : ""}
          {describeError(e)}
        </div>
      ))}
      <p className="muted" style={{ margin: "8px 0 0", fontSize: 12.5 }}>
        Blacklist wins over everything; in whitelist mode an action outside the whitelist is denied; MFA wins over
        approval. {mode === "blacklist" && "The whitelist is ignored in blacklist mode."}
      </p>
    </>
  );
}

/** The common settings as a form; everything else (voice details, audit events…) lives in the YAML view. */
export function PolicyForm(props: FormProps) {
  const p = props;
  return (
    <div>
      <div className={s.section}>
        <h3>Commands</h3>
        <Choice
          p={p}
          path="commands.mode"
          label="Mode"
          options={["whitelist", "blacklist"]}
          hint="whitelist: only listed actions"
        />
        <CommandMatrix p={p} />
      </div>
      <div className={s.section}>
        <h3>Multi-factor confirmation</h3>
        <Choice p={p} path="mfa.method" label="Method" options={["totp", "webauthn", "yubikey"]} />
        <Text p={p} path="mfa.timeout_seconds" label="Timeout (seconds)" type="number" hint="30 to 86400" />
      </div>
      <div className={s.section}>
        <h3>Packages</h3>
        <Lines p={p} path="packages.allow" label="Allow" hint="empty: any package" />
        <Lines p={p} path="packages.deny" label="Deny" hint="wins over allow" />
      </div>
      <div className={s.section}>
        <h3>Safety and rollback</h3>
        <Toggle p={p} path="safety.require_confirmation" label="Require confirmation" />
        <Toggle p={p} path="safety.dry_run_default" label="Dry run by default" />
        <Toggle p={p} path="rollback.on_failed_execution" label="Roll back a failed execution" />
        <Toggle p={p} path="rollback.on_failed_health_check" label="Roll back on failed health check" />
      </div>
      <div className={s.section}>
        <h3>Language model</h3>
        <Text p={p} path="llm.provider" label="Provider" />
        <Text p={p} path="llm.model" label="Model" />
        <Text p={p} path="llm.endpoint" label="Endpoint URL" />
        <Toggle p={p} path="llm.allow_external" label="Allow external providers" />
      </div>
      <div className={s.section}>
        <h3>Voice and audit</h3>
        <Toggle p={p} path="voice.enabled" label="Voice enabled" />
        <Toggle p={p} path="audit.enabled" label="Audit enabled" />
        <Choice p={p} path="audit.level" label="Audit level" options={["minimal", "standard", "verbose"]} />
        <Text p={p} path="audit.retention_days" label="Retention (days)" type="number" />
      </div>
    </div>
  );
}

/** Which sections / fields lower layers may only tighten. */
export function LockPicker({
  lockable,
  locked,
  onChange,
}: {
  lockable: string[];
  locked: string[];
  onChange: (l: string[]) => void;
}) {
  const sections = lockable.filter((x) => !x.includes("."));
  const toggle = (path: string, on: boolean) =>
    onChange(on ? [...locked.filter((x) => x !== path), path] : locked.filter((x) => x !== path));
  return (
    <fieldset style={{ border: "none", padding: 0, margin: 0 }}>
      <legend className="muted" style={{ fontSize: 12.5, marginBottom: 8 }}>
        Groups and devices below this policy may only tighten a locked field (add to a blacklist, never remove).
      </legend>
      {sections.map((sec) => {
        const whole = locked.includes(sec);
        const fields = lockable.filter((x) => x.startsWith(`${sec}.`));
        const some = fields.filter((f) => locked.includes(f)).length;
        return (
          <details key={sec} className={s.lockGroup} open={some > 0 && !whole}>
            <summary>
              <label style={{ display: "inline-flex" }}>
                <input type="checkbox" checked={whole} onChange={(e) => toggle(sec, e.target.checked)} /> {sec}
                {!whole && some > 0 && <span className="muted"> ({some})</span>}
              </label>
            </summary>
            <div className={s.lockFields}>
              {fields.map((f) => (
                <label key={f}>
                  <input
                    type="checkbox"
                    disabled={whole}
                    checked={whole || locked.includes(f)}
                    onChange={(e) => toggle(f, e.target.checked)}
                  />
                  <span className="mono">{f.slice(sec.length + 1)}</span>
                </label>
              ))}
            </div>
          </details>
        );
      })}
    </fieldset>
  );
}
