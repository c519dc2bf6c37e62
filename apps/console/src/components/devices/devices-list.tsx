"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { LoadError, type Paged, Pager, TableSkeleton, useDebounced, When } from "@/components/users/ui";
import { api, qs } from "@/lib/api";
import type { TDeviceListItem } from "@/server/devices/list-devices";
import { DeviceStatusBadge, PolicySyncBadge } from "./badges";

const PAGE_SIZE = 25;

/** Initial filters come from the URL (/devices?status=stale, ?policy=behind): the dashboard links here. */
export function DevicesList({ initial = {} }: { initial?: { status?: string; policy?: string } }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState(initial.status ?? "");
  const [policy, setPolicy] = useState(initial.policy ?? "");
  const [page, setPage] = useState(1);
  const q = useDebounced(search.trim());
  const filters = { q, status, policy, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ["devices", filters],
    queryFn: () => api<Paged<TDeviceListItem>>(`/api/v1/devices${qs(filters)}`),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  return (
    <>
      <div className="spread">
        <div className="row">
          <input
            type="search"
            aria-label="Search devices"
            placeholder="Search by hostname"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
            style={{ width: 260 }}
          />
          <select
            aria-label="Status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            <option value="">Any status</option>
            <option value="online">Online</option>
            <option value="stale">Stale</option>
            <option value="offline">Offline</option>
            <option value="revoked">Revoked</option>
          </select>
          <select
            aria-label="Policy"
            value={policy}
            onChange={(e) => {
              setPolicy(e.target.value);
              setPage(1);
            }}
          >
            <option value="">Any policy state</option>
            <option value="behind">Policy out of date</option>
            <option value="expired">Policy expired</option>
          </select>
        </div>
        <span className="muted" style={{ fontSize: 12.5 }}>
          Online: checked in within 3 min · Stale: within 1 h · Offline: longer (agents poll every 60 s)
        </span>
      </div>
      {list.isError && <LoadError error={list.error} retry={() => list.refetch()} />}
      <TableWrap label="Devices">
        <table aria-label="Devices" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
          <thead>
            <tr>
              <th>Hostname</th>
              <th>OS / NixOS</th>
              <th>Agent</th>
              <th>Group</th>
              <th>Status</th>
              <th>Policy</th>
              <th>Last seen</th>
            </tr>
          </thead>
          {list.isPending ? (
            <TableSkeleton cols={7} />
          ) : (
            <tbody>
              {list.data?.items.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/devices/${d.id}`}>{d.hostname}</Link>
                    {d.hasBundleError && (
                      <span className="badge bad" style={{ marginLeft: 6 }} title="The agent refused a bundle">
                        bundle error
                      </span>
                    )}
                  </td>
                  <td>
                    {d.os || "—"} <span className="muted">{d.nixosVersion}</span>
                  </td>
                  <td className="mono">{d.agentVersion || "—"}</td>
                  <td>{d.group?.name ?? <span className="muted">—</span>}</td>
                  <td>
                    <DeviceStatusBadge status={d.status} />
                  </td>
                  <td>
                    <PolicySyncBadge
                      sync={d.policySync}
                      applied={d.appliedPolicyVersion}
                      latest={d.latestPolicyVersion}
                    />
                  </td>
                  <td>
                    <When iso={d.lastSeenAt} />
                  </td>
                </tr>
              ))}
              {list.data?.items.length === 0 && (
                <tr>
                  <td colSpan={7} className="muted">
                    {q || status || policy
                      ? "No devices match."
                      : "No devices yet: create an enrollment token and run the enroll command on a workstation."}
                  </td>
                </tr>
              )}
            </tbody>
          )}
        </table>
      </TableWrap>
      {list.data && <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} noun="devices" />}
    </>
  );
}
