"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { api } from "@/lib/api";
import { parseRequestText } from "@/server/policies/parse-request";
import type { TSimulation } from "@/server/policies/simulate-decision";
import { useTargets } from "./assignments";
import s from "./policies.module.css";
import { actionLabel } from "./policy-form";

export const DECISION_BADGE: Record<string, { tone: string; label: string }> = {
  allow: { tone: "ok", label: "Allow" },
  deny: { tone: "bad", label: "Deny" },
  require_approval: { tone: "warn", label: "Requires approval" },
  require_mfa: { tone: "warn", label: "Requires MFA" },
};

/**
 * What would a workstation answer? Pick a device or group, type the request as a person would
 * ask ask-nix, and get the decision from that target's effective policy (the published versions
 * of everything assigned to it, merged with the lock rules), plus the rule that decided.
 */
export function Simulator({ actions }: { actions: string[] }) {
  const { groups, devices, devicesLoaded } = useTargets();
  const noDevices = devicesLoaded && devices.length === 0;
  const [type, setType] = useState<"device" | "group" | "org">("device");
  const [target, setTarget] = useState("");
  const [text, setText] = useState("install docker by alice");
  const [action, setAction] = useState("");
  const preview = useMemo(() => (action ? null : parseRequestText(text)), [text, action]);
  const run = useMutation({
    mutationFn: () =>
      api<TSimulation>("/api/v1/policies/simulate", {
        method: "POST",
        body: {
          target: type === "org" ? { type } : { type, id: target },
          ...(action ? { action, text: text || undefined } : { text }),
        },
      }),
  });
  const ready = (type === "org" || target) && (action || preview?.ok);
  const r = run.data;
  const badge = r ? DECISION_BADGE[r.decision] : null;

  return (
    <>
      <form
        className="panel"
        aria-label="Simulate a request"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) run.mutate();
        }}
      >
        <div className="row" style={{ marginBottom: 12 }}>
          <label className="row">
            Decide for
            <select
              aria-label="Target type"
              value={type}
              onChange={(e) => {
                setType(e.target.value as typeof type);
                setTarget("");
                run.reset();
              }}
            >
              <option value="device">{noDevices ? "a device (none enrolled)" : "a device"}</option>
              <option value="group">a group</option>
              <option value="org">the org baseline</option>
            </select>
          </label>
          {type === "device" && noDevices ? (
            <p className="notice" role="status" style={{ margin: 0 }}>
              No device is enrolled yet. <Link href="/devices/enrollment">Enroll a workstation</Link>, or decide for a
              group or the org baseline.
            </p>
          ) : (
            type !== "org" && (
              <select
                aria-label={type === "device" ? "Device" : "Group"}
                value={target}
                onChange={(e) => {
                  setTarget(e.target.value);
                  run.reset();
                }}
              >
                <option value="">Choose {type === "device" ? "a device" : "a group"}…</option>
                {type === "device"
                  ? devices.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.hostname}
                        {d.group ? ` (${d.group.name})` : ""}
                      </option>
                    ))
                  : groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
              </select>
            )
          )}
        </div>
        <label className="field" htmlFor="sim-text">
          <span>Request, in plain words</span>
          <input
            id="sim-text"
            value={text}
            placeholder="e.g. install docker by alice · restart nginx · rm -rf /tmp/x · reboot"
            onChange={(e) => {
              setText(e.target.value);
              run.reset();
            }}
            aria-invalid={preview && !preview.ok ? true : undefined}
          />
          {preview &&
            (preview.ok ? (
              <span className="muted">
                Understood as <span className="mono">{preview.understood}</span>
              </span>
            ) : (
              <span className="field-error">{preview.message}</span>
            ))}
        </label>
        <div className="row">
          <label className="row">
            or choose the action
            <select aria-label="Action" value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="">(from the words)</option>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a)}
                </option>
              ))}
            </select>
          </label>
          <span style={{ flex: 1 }} />
          <button type="submit" className="primary" disabled={!ready || run.isPending}>
            {run.isPending ? "Deciding…" : "Decide"}
          </button>
        </div>
        {run.error && (
          <div className="form-error" role="alert" style={{ marginTop: 12 }}>
            {(run.error as Error).message}
          </div>
        )}
      </form>
      {r && badge && (
        <section className="panel" aria-label="Decision">
          <div className="row" style={{ marginBottom: 12 }}>
            <span className={`badge ${badge.tone} ${s.decision}`} data-decision={r.decision}>
              {badge.label}
            </span>
            <span>
              {r.reason} — rule <code>{r.rule}</code>
            </span>
          </div>
          <dl className={s.kv}>
            <dt>Target</dt>
            <dd>
              {r.target.type}: {r.target.label}
            </dd>
            <dt>Request</dt>
            <dd className="mono">{JSON.stringify(r.request)}</dd>
            <dt>Effective policy from</dt>
            <dd>{r.sources.length ? r.sources.join(" → ") : "nothing assigned and published: the secure defaults"}</dd>
            {r.rejected.length > 0 && (
              <>
                <dt>Refused by locks</dt>
                <dd>
                  {r.rejected.map((x) => (
                    <div key={`${x.source}${x.path}`} className="muted">
                      {x.source}: <span className="mono">{x.path}</span> — {x.reason}
                    </div>
                  ))}
                </dd>
              </>
            )}
          </dl>
        </section>
      )}
    </>
  );
}
