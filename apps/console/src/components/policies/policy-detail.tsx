"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { may, type Viewer } from "@/components/users/access";
import { LoadError, Pending } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TPolicyDetail } from "@/server/policies/get-policy";
import type { TVersionView } from "@/server/policies/present";
import { Assignments } from "./assignments";
import s from "./policies.module.css";
import { PolicyEditor } from "./policy-editor";
import type { EditorConfig } from "./policy-form";
import { VersionHistory } from "./version-history";

type Tab = "edit" | "history" | "assignments";

export function PolicyDetail({
  id,
  viewer,
  config,
  initialTab,
}: {
  id: string;
  viewer: Viewer;
  config: EditorConfig;
  initialTab: Tab;
}) {
  const [tab, setTab] = useState<Tab>(initialTab);
  const policy = useQuery({ queryKey: ["policy", id], queryFn: () => api<TPolicyDetail>(`/api/v1/policies/${id}`) });
  const latest = policy.data?.latestVersion;
  const latestVersion = useQuery({
    queryKey: ["policy", id, "version", latest],
    queryFn: () => api<TVersionView>(`/api/v1/policies/${id}/versions/${latest}`),
    enabled: Boolean(latest),
  });
  if (policy.isError) return <LoadError error={policy.error} retry={() => policy.refetch()} />;
  if (!policy.data) return <Pending q={policy} label="Loading policy…" />;
  const p = policy.data;
  const tabs: [Tab, string][] = [
    ["history", `History (${p.versions.length})`],
    ["assignments", `Assignments (${p.assignments.length})`],
  ];
  if (may(viewer, "policy.write")) tabs.unshift(["edit", "Edit"]);

  return (
    <>
      <div className="spread">
        <div>
          <h1 style={{ marginBottom: 4 }}>{p.name}</h1>
          <div className="row" style={{ gap: 8 }}>
            {p.publishedVersion ? (
              <span className="badge ok">v{p.publishedVersion} published</span>
            ) : (
              <span className="badge warn">Not published</span>
            )}
            {p.latestVersion !== p.publishedVersion && (
              <span className="badge neutral">latest v{p.latestVersion} draft</span>
            )}
            {p.description && <span className="muted">{p.description}</span>}
          </div>
        </div>
        <Link href="/policies/simulator" className="btn">
          Simulator
        </Link>
      </div>
      <div className={s.tabs} role="tablist">
        {tabs.map(([key, label]) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            className={tab === key ? s.tabOn : s.tab}
            onClick={() => setTab(key)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === "edit" &&
        (latestVersion.data ? (
          <PolicyEditor
            key={latestVersion.data.number}
            config={config}
            policyId={p.id}
            initialSource={latestVersion.data.source}
            initialLocked={latestVersion.data.lockedPaths}
            baseVersion={latestVersion.data.number}
            onSaved={() => setTab("history")}
          />
        ) : latestVersion.isError ? (
          <LoadError error={latestVersion.error} retry={() => latestVersion.refetch()} />
        ) : (
          <Pending q={latestVersion} label="Loading the latest version…" />
        ))}
      {tab === "history" && <VersionHistory policy={p} viewer={viewer} />}
      {tab === "assignments" && <Assignments policy={p} viewer={viewer} />}
    </>
  );
}
