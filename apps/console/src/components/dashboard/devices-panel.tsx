import type { TDashboard } from "@/server/dashboard/get-dashboard";
import { Figure } from "./figure";
import type { TLinks } from "./links";

/** The fleet now (not the period): connectivity and policy state, each linked to the filtered devices list. */
export function DevicesPanel({ d, links }: { d: TDashboard["devices"]; links: TLinks }) {
  const to = (f: Record<string, string>) => links.devices?.(f) ?? null;
  return (
    <section className="panel" aria-labelledby="devices-h">
      <h2 id="devices-h">Devices now</h2>
      {d.total === 0 ? (
        <p className="muted">
          No devices enrolled yet. <a href="/devices/enrollment">Create an enrollment token</a> and run its command on a
          workstation.
        </p>
      ) : (
        <div className="grid-cards">
          <Figure label="Online" value={d.online} href={to({ status: "online" })} sub={`of ${d.total} enrolled`} />
          <Figure label="Stale" value={d.stale} href={to({ status: "stale" })} tone={d.stale ? "warn" : undefined} />
          <Figure label="Offline" value={d.offline} href={to({ status: "offline" })} />
          <Figure
            label="Policy out of date"
            value={d.policyBehind}
            href={to({ policy: "behind" })}
            tone={d.policyBehind ? "warn" : undefined}
          />
          <Figure
            label="Policy expired"
            value={d.policyExpired}
            href={to({ policy: "expired" })}
            tone={d.policyExpired ? "bad" : undefined}
          />
        </div>
      )}
    </section>
  );
}
