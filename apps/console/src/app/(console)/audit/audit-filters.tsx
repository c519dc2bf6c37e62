"use client";
import { EVENT_TYPES, INGESTION_INTEGRITY_TYPES } from "@luminous/audit/event-types";
import { useQuery } from "@tanstack/react-query";
import { DateRangeField } from "@/components/ui/date-range-field";
import { api } from "@/lib/api";

/** The filter keys kept in the URL (and sent as-is to the list and the export). */
export const FILTER_KEYS = [
  "from",
  "to",
  "category",
  "user",
  "device",
  "group",
  "type",
  "outcome",
  "action",
  "package",
  "service",
  "q",
  "requestId",
] as const;
export type Filters = Record<(typeof FILTER_KEYS)[number], string>;

// Every type an event can have in the trail: the agent's, and the integrity events ingestion records.
const TYPE_CHOICES = [...EVENT_TYPES, ...INGESTION_INTEGRITY_TYPES];
const OUTCOMES = ["success", "failure", "denied", "allow", "deny", "require_approval", "require_mfa"];

function TextFilter(props: {
  label: string;
  name: keyof Filters;
  value: string;
  placeholder?: string;
  set: (k: keyof Filters, v: string) => void;
}) {
  return (
    <label className="row">
      {props.label}
      <input
        aria-label={props.label}
        placeholder={props.placeholder}
        defaultValue={props.value}
        key={props.value}
        onBlur={(e) => props.value !== e.target.value.trim() && props.set(props.name, e.target.value.trim())}
        onKeyDown={(e) => e.key === "Enter" && props.set(props.name, e.currentTarget.value.trim())}
      />
    </label>
  );
}

/**
 * `tz` is the viewer's timezone, null until the browser has rendered (times are shown in it);
 * `clear` removes every filter at once (shown while any is set).
 */
export function AuditFilters({
  f,
  set,
  clear,
  tz,
}: {
  f: Filters;
  set: (k: keyof Filters, v: string) => void;
  clear: () => void;
  tz: string | null;
}) {
  const active = FILTER_KEYS.some((k) => f[k]);
  const groups = useQuery({
    queryKey: ["groups-for-audit"],
    queryFn: () => api<{ items: { id: string; name: string }[] }>("/api/v1/groups?pageSize=200"),
    retry: false,
  });
  return (
    <form className="panel row" aria-label="Filters" onSubmit={(e) => e.preventDefault()} style={{ flexWrap: "wrap" }}>
      <DateRangeField from={f.from} to={f.to} ready={tz !== null} onChange={set} />
      <label className="row">
        Category
        <select aria-label="Category" value={f.category} onChange={(e) => set("category", e.target.value)}>
          <option value="">All</option>
          <option value="admin">Console</option>
          <option value="agent">Workstations</option>
          <option value="integrity">Integrity</option>
        </select>
      </label>
      <label className="row">
        Event type
        <select aria-label="Event type" value={f.type} onChange={(e) => set("type", e.target.value)}>
          <option value="">All</option>
          {TYPE_CHOICES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label className="row">
        Outcome
        <select aria-label="Outcome" value={f.outcome} onChange={(e) => set("outcome", e.target.value)}>
          <option value="">All</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="row">
        Group
        <select aria-label="Group" value={f.group} onChange={(e) => set("group", e.target.value)}>
          <option value="">All</option>
          {(groups.data?.items ?? []).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <TextFilter label="User" name="user" value={f.user} placeholder="alice or admin@…" set={set} />
      <TextFilter label="Device" name="device" value={f.device} placeholder="hostname or id" set={set} />
      <TextFilter label="Action" name="action" value={f.action} placeholder="e.g. install_package, user." set={set} />
      <TextFilter label="Package" name="package" value={f.package} placeholder="docker" set={set} />
      <TextFilter label="Service" name="service" value={f.service} placeholder="nginx" set={set} />
      <TextFilter label="Command contains" name="q" value={f.q} placeholder="free text" set={set} />
      <TextFilter
        label="Reference (request id)"
        name="requestId"
        value={f.requestId}
        placeholder="shown after a failed sign-in"
        set={set}
      />
      {active && (
        <button type="button" onClick={clear}>
          Clear filters
        </button>
      )}
      {tz && <span className="muted">Times in {tz}</span>}
    </form>
  );
}
