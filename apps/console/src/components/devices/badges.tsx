import type { DeviceStatus, PolicySync } from "@/server/devices/device-status";

const STATUS: Record<DeviceStatus, [string, string, string]> = {
  online: ["ok", "Online", "Checked in within the last 3 minutes (3 poll intervals)"],
  stale: ["warn", "Stale", "Last check-in 3 to 60 minutes ago: several polls missed"],
  offline: ["neutral", "Offline", "No check-in for over an hour, or never"],
  revoked: ["bad", "Revoked", "Refused on its next request"],
};

export function DeviceStatusBadge({ status }: { status: DeviceStatus }) {
  const [tone, label, title] = STATUS[status];
  return (
    <span className={`badge ${tone}`} title={title}>
      {label}
    </span>
  );
}

export function PolicySyncBadge({
  sync,
  applied,
  latest,
}: {
  sync: PolicySync;
  applied: number | null;
  latest: number;
}) {
  if (sync === "never_synced") return <span className="badge neutral">Never synced</span>;
  if (sync === "up_to_date")
    return (
      <span className="badge ok" title={`Applied bundle v${applied}`}>
        Up to date · v{applied}
      </span>
    );
  return (
    <span className="badge warn" title="The device has not applied the newest bundle yet">
      Behind · v{applied} of v{latest}
    </span>
  );
}
