"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { TableWrap } from "@/components/table-wrap";
import { may, type Viewer } from "@/components/users/access";
import { type Paged, When } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TDeviceListItem } from "@/server/devices/list-devices";
import type { TGroupView } from "@/server/groups/present";
import type { TPolicyDetail } from "@/server/policies/get-policy";

const SCOPE_LABEL = { org: "Organisation", group: "Group", device: "Device" } as const;

export function useTargets(enabled = true) {
  const groups = useQuery({
    queryKey: ["groups", "all"],
    queryFn: () => api<Paged<TGroupView>>("/api/v1/groups?pageSize=200"),
    enabled,
  });
  const devices = useQuery({
    queryKey: ["devices", "all"],
    queryFn: () => api<Paged<TDeviceListItem>>("/api/v1/devices?pageSize=200"),
    enabled,
  });
  return {
    groups: groups.data?.items ?? [],
    devices: (devices.data?.items ?? []).filter((d) => d.status !== "revoked"),
    /** The device list has loaded (an empty one then means none is enrolled). */
    devicesLoaded: devices.isSuccess,
  };
}

export function Assignments({ policy, viewer }: { policy: TPolicyDetail; viewer: Viewer }) {
  const qc = useQueryClient();
  const canAssign = may(viewer, "policy.assign");
  const { groups, devices } = useTargets(canAssign);
  const [scope, setScope] = useState<"org" | "group" | "device">("group");
  const [target, setTarget] = useState("");
  const done = () => qc.invalidateQueries({ queryKey: ["policy", policy.id] });
  const add = useMutation({
    mutationFn: () =>
      api(`/api/v1/policies/${policy.id}/assignments`, {
        method: "POST",
        body:
          scope === "org" ? { scope } : scope === "group" ? { scope, groupId: target } : { scope, deviceId: target },
      }),
    onSuccess: () => {
      setTarget("");
      void done();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api(`/api/v1/policies/${policy.id}/assignments/${id}`, { method: "DELETE" }),
    onSuccess: done,
  });

  return (
    <>
      {policy.publishedVersion === null && (
        <div className="notice">No version is published yet: an assignment takes effect once one is.</div>
      )}
      <p className="muted" style={{ marginTop: 0 }}>
        Devices apply the org's policies first, then their group's, then their own; later layers may only tighten what
        earlier ones locked.
      </p>
      <TableWrap label="Assignments">
        <table aria-label="Assignments">
          <thead>
            <tr>
              <th>Scope</th>
              <th>Applies to</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {policy.assignments.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Not assigned anywhere.
                </td>
              </tr>
            )}
            {policy.assignments.map((a) => (
              <tr key={a.id}>
                <td>
                  <span className="badge neutral">{SCOPE_LABEL[a.scope]}</span>
                </td>
                <td>
                  {a.scope === "group" && a.target.id ? (
                    <Link href={`/users/groups/${a.target.id}`}>{a.target.label}</Link>
                  ) : a.scope === "device" && a.target.id ? (
                    <Link href={`/devices/${a.target.id}`}>{a.target.label}</Link>
                  ) : (
                    a.target.label
                  )}
                </td>
                <td>
                  <When iso={a.createdAt} />
                </td>
                <td style={{ textAlign: "right" }}>
                  {canAssign && (
                    <button
                      type="button"
                      className="danger"
                      disabled={remove.isPending}
                      onClick={() => remove.mutate(a.id)}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {canAssign && (
        <form
          className="panel row"
          aria-label="Assign"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <label className="row">
            Assign to
            <select
              aria-label="Scope"
              value={scope}
              onChange={(e) => {
                setScope(e.target.value as typeof scope);
                setTarget("");
              }}
            >
              <option value="org">the whole organisation</option>
              <option value="group">a group</option>
              <option value="device">a device</option>
            </select>
          </label>
          {scope !== "org" && (
            <select
              aria-label={scope === "group" ? "Group" : "Device"}
              value={target}
              onChange={(e) => setTarget(e.target.value)}
            >
              <option value="">Choose {scope === "group" ? "a group" : "a device"}…</option>
              {scope === "group"
                ? groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))
                : devices.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.hostname}
                    </option>
                  ))}
            </select>
          )}
          <button type="submit" className="primary" disabled={add.isPending || (scope !== "org" && !target)}>
            Assign
          </button>
          {add.error && <span className="field-error">{(add.error as Error).message}</span>}
        </form>
      )}
    </>
  );
}
