"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";

interface TestResult {
  ok: boolean;
  steps: { step: string; ok: boolean; detail: string }[];
  user: { dn: string; email: string; name: string; groups: string[] } | null;
}

export function TestPanel({ id, type }: { id: string; type: string }) {
  const [username, setUsername] = useState("");
  const test = useMutation({
    mutationFn: () => api<TestResult>(`/api/v1/identity-providers/${id}/test`, { method: "POST", body: { username } }),
  });
  const sync = useMutation({
    mutationFn: () =>
      api<{ checked: number; updated: number; deactivated: string[] }>(`/api/v1/identity-providers/${id}/sync`, {
        method: "POST",
      }),
  });
  return (
    <div>
      {type === "ldap" && (
        <label className="field" htmlFor="f-test-username">
          <span>Look up a user (optional)</span>
          <input id="f-test-username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
      )}
      <div className="row">
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending}>
          {type === "ldap" ? "Test connection and look up user" : "Test"}
        </button>
        {type === "ldap" && (
          <button type="button" onClick={() => sync.mutate()} disabled={sync.isPending}>
            Sync directory now
          </button>
        )}
      </div>
      {test.error && <div className="form-error">{(test.error as Error).message}</div>}
      {test.data && (
        <div role="status" aria-label="Test result">
          <p>{test.data.ok ? "All checks passed." : "Some checks failed."}</p>
          <ul>
            {test.data.steps.map((s) => (
              <li key={`${s.step}${s.detail}`}>
                {s.ok ? "✓" : "✗"} {s.step}: <span className="mono">{s.detail}</span>
              </li>
            ))}
          </ul>
          {test.data.user && (
            <p>
              {test.data.user.name} &lt;{test.data.user.email}&gt; · groups:{" "}
              {test.data.user.groups.join(", ") || "none"}
            </p>
          )}
        </div>
      )}
      {sync.error && <div className="form-error">{(sync.error as Error).message}</div>}
      {sync.data && (
        <p role="status">
          Checked {sync.data.checked} users, updated {sync.data.updated}, deactivated {sync.data.deactivated.length}.
        </p>
      )}
    </div>
  );
}
