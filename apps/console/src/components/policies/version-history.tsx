"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Send } from "lucide-react";
import { Fragment, useEffect, useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { Confirm, LoadError, Pending, When } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TPolicyDiff } from "@/server/policies/diff-policy-versions";
import type { TPolicyDetail } from "@/server/policies/get-policy";
import type { TVersionView } from "@/server/policies/present";
import s from "./policies.module.css";

/** A value as a reader of the YAML would write it; absent = inherited. */
function show(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.length ? v.map(String).join(", ") : "(empty list)";
  if (typeof v === "object")
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}: ${show(x) || "—"}`)
      .join("\n");
  return String(v);
}

function ListCell({ items, other, mark }: { items: unknown[]; other: unknown; mark: "added" | "removed" }) {
  const others = Array.isArray(other) ? other.map(String) : [];
  if (items.length === 0) return <span className="muted">(empty list)</span>;
  return (
    <>
      {items.map((x, i) => (
        <Fragment key={String(x)}>
          {i > 0 && ", "}
          <span className={others.includes(String(x)) ? undefined : mark === "added" ? s.added : s.removed}>
            {mark === "added" && !others.includes(String(x)) ? "+" : ""}
            {String(x)}
          </span>
        </Fragment>
      ))}
    </>
  );
}

function Cell({ v, other, side }: { v: unknown; other: unknown; side: "before" | "after" }) {
  if (v === null || v === undefined) return <span className="muted">not set (inherited)</span>;
  if (Array.isArray(v)) return <ListCell items={v} other={other} mark={side === "after" ? "added" : "removed"} />;
  return <>{show(v)}</>;
}

export function DiffTable({ diff }: { diff: TPolicyDiff }) {
  const { changes, locks } = diff;
  if (changes.length === 0 && locks.added.length === 0 && locks.removed.length === 0)
    return <p className="muted">These two versions are identical.</p>;
  return (
    <TableWrap label="Versions">
      <table className={s.diffTable} aria-label="Differences">
        <thead>
          <tr>
            <th>Field</th>
            <th>v{diff.from.number} (before)</th>
            <th>v{diff.to.number} (after)</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path}>
              <td>{c.path}</td>
              <td className="diff-before">
                <Cell v={c.before} other={c.after} side="before" />
              </td>
              <td className="diff-after">
                <Cell v={c.after} other={c.before} side="after" />
              </td>
            </tr>
          ))}
          {(locks.added.length > 0 || locks.removed.length > 0) && (
            <tr>
              <td>locked fields</td>
              <td className="diff-before">
                {locks.removed.length ? <span className={s.removed}>{locks.removed.join(", ")}</span> : ""}
              </td>
              <td className="diff-after">
                {locks.added.length ? <span className={s.added}>+{locks.added.join(", +")}</span> : ""}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function PublishedBadge({ v, current }: { v: TPolicyDetail["versions"][number]; current: number | null }) {
  if (v.number === current) return <span className="badge ok">Published · enforced</span>;
  if (v.publishedAt) return <span className="badge neutral">Published earlier</span>;
  if (current !== null && v.number < current) return <span className="badge neutral">Draft (superseded)</span>;
  return <span className="badge warn">Draft</span>;
}

export function VersionHistory({ policy, viewer }: { policy: TPolicyDetail; viewer: Viewer }) {
  const qc = useQueryClient();
  const numbers = policy.versions.map((v) => v.number);
  const [to, setTo] = useState(numbers[0] ?? 1);
  const [from, setFrom] = useState(numbers[1] ?? numbers[0] ?? 1);
  const [open, setOpen] = useState<number | null>(null);
  const [publishing, setPublishing] = useState<number | null>(null);
  useEffect(() => {
    setTo(numbers[0] ?? 1);
    setFrom(numbers[1] ?? numbers[0] ?? 1);
  }, [numbers[0], numbers[1]]);

  const diff = useQuery({
    queryKey: ["policy", policy.id, "diff", from, to],
    queryFn: () => api<TPolicyDiff>(`/api/v1/policies/${policy.id}/diff${qs({ from, to })}`),
    enabled: numbers.length > 1,
  });
  const source = useQuery({
    queryKey: ["policy", policy.id, "version", open],
    queryFn: () => api<TVersionView>(`/api/v1/policies/${policy.id}/versions/${open}`),
    enabled: open !== null,
  });
  const publish = useMutation({
    mutationFn: (n: number) => api(`/api/v1/policies/${policy.id}/versions/${n}/publish`, { method: "POST" }),
    onSuccess: () => {
      setPublishing(null);
      void qc.invalidateQueries({ queryKey: ["policy", policy.id] });
      void qc.invalidateQueries({ queryKey: ["policies"] });
    },
  });
  const a = policy.assignments;
  const reach = a.length
    ? a.map((x) => (x.scope === "org" ? "the whole organisation" : `${x.scope} ${x.target.label}`)).join(", ")
    : null;

  return (
    <>
      <TableWrap label="Versions">
        <table aria-label="Versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Change note</th>
              <th>Author</th>
              <th>Saved</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {policy.versions.map((v) => (
              <Fragment key={v.number}>
                <tr>
                  <td className="mono">v{v.number}</td>
                  <td style={{ maxWidth: 340 }}>{v.note}</td>
                  <td>{v.author}</td>
                  <td>
                    <When iso={v.createdAt} />
                  </td>
                  <td>
                    <PublishedBadge v={v} current={policy.publishedVersion} />
                    {v.publishedBy && (
                      <div className="muted" style={{ fontSize: 12 }}>
                        by {v.publishedBy}, <When iso={v.publishedAt} />
                      </div>
                    )}
                  </td>
                  <td style={{ whiteSpace: "nowrap", textAlign: "right" }}>
                    <button
                      type="button"
                      onClick={() => setOpen(open === v.number ? null : v.number)}
                      aria-expanded={open === v.number}
                    >
                      {open === v.number ? "Hide" : "Source"}
                    </button>{" "}
                    {may(viewer, "policy.publish") && !v.publishedAt && (policy.publishedVersion ?? 0) < v.number && (
                      <button type="button" className="primary icon-label" onClick={() => setPublishing(v.number)}>
                        <Send size={16} aria-hidden />
                        Publish v{v.number}
                      </button>
                    )}
                  </td>
                </tr>
                {open === v.number && (
                  <tr>
                    <td colSpan={6}>
                      {source.data ? (
                        <>
                          {source.data.lockedPaths.length > 0 && (
                            <div className="muted" style={{ marginBottom: 6 }}>
                              Locked: <span className="mono">{source.data.lockedPaths.join(", ")}</span>
                            </div>
                          )}
                          <pre className="json">{source.data.source}</pre>
                        </>
                      ) : source.isError ? (
                        <LoadError error={source.error} retry={() => source.refetch()} />
                      ) : (
                        <Pending q={source} label="Loading…" />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <section className="panel" aria-label="Compare versions">
        <div className="spread" style={{ marginBottom: 12 }}>
          <h2 style={{ margin: 0 }}>Compare versions</h2>
          <div className="row">
            <label className="row">
              From
              <select aria-label="From version" value={from} onChange={(e) => setFrom(Number(e.target.value))}>
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    v{n}
                  </option>
                ))}
              </select>
            </label>
            <label className="row">
              to
              <select aria-label="To version" value={to} onChange={(e) => setTo(Number(e.target.value))}>
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    v{n}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        {numbers.length < 2 && <p className="muted">Only one version so far: save an edit to compare.</p>}
        {diff.isError && <LoadError error={diff.error} />}
        {diff.data && (
          <>
            <p className="muted" style={{ marginTop: 0 }}>
              v{diff.data.to.number} by {diff.data.to.author}: “{diff.data.to.note}”
            </p>
            <DiffTable diff={diff.data} />
          </>
        )}
      </section>

      <Confirm
        open={publishing !== null}
        title={`Publish version ${publishing}?`}
        confirmLabel={`Publish v${publishing}`}
        pending={publish.isPending}
        error={publish.error ? (publish.error as Error).message : null}
        onConfirm={() => publishing !== null && publish.mutate(publishing)}
        onClose={() => {
          setPublishing(null);
          publish.reset();
        }}
      >
        {reach ? (
          <p>
            Devices under {reach} enforce this version from their next policy poll (about a minute). The publication is
            recorded in the audit log.
          </p>
        ) : (
          <p>This policy is not assigned yet: publishing changes no device until you assign it.</p>
        )}
      </Confirm>
    </>
  );
}
