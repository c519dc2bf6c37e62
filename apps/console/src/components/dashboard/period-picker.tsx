"use client";
import type { TDashboardRange } from "@/server/dashboard/schemas";

/** A named range ending now, or an explicit period (from a shared link: /?from=...&to=...). */
export type TPeriod = { range: TDashboardRange } | { from: string; to: string };

const RANGES: { value: TDashboardRange; label: string }[] = [
  { value: "1h", label: "Last hour" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
];

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** The period picker; the choice goes to the URL so the view can be shared and reloaded. */
export function PeriodPicker({ period, onChange }: { period: TPeriod; onChange: (p: TPeriod) => void }) {
  const custom = "from" in period;
  return (
    <label className="row">
      <span className="muted">Period</span>
      <select
        value={custom ? "custom" : period.range}
        onChange={(e) => {
          if (e.target.value === "custom") return;
          const range = e.target.value as TDashboardRange;
          const u = new URL(window.location.href);
          u.search = new URLSearchParams({ range }).toString();
          window.history.replaceState(null, "", u);
          onChange({ range });
        }}
      >
        {custom && (
          <option value="custom">
            {when(period.from)} – {when(period.to)}
          </option>
        )}
        {RANGES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}
