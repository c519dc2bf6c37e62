"use client";
import Link from "next/link";
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { TDashboard } from "@/server/dashboard/get-dashboard";
import type { TLinks } from "./links";

const LABEL: Record<string, string> = {
  allow: "Allowed",
  deny: "Denied",
  require_approval: "Approval required",
  require_mfa: "MFA required",
};
const COLOR: Record<string, string> = {
  allow: "#2f9e44",
  deny: "#c92a2a",
  require_approval: "#e67700",
  require_mfa: "#7048e8",
};

/** Policy decisions by outcome: a bar each, and the counts as links to those decisions. */
export function DecisionsPanel({ decisions, links }: { decisions: TDashboard["decisions"]; links: TLinks }) {
  const total = decisions.reduce((s, d) => s + d.n, 0);
  return (
    <section className="panel" aria-labelledby="decisions-h">
      <h2 id="decisions-h">Policy decisions</h2>
      {total === 0 ? (
        <p className="muted">No policy decisions in this period.</p>
      ) : (
        <div className="chart chart-small" role="img" aria-label="Policy decisions by outcome">
          <ResponsiveContainer>
            <BarChart data={decisions.map((d) => ({ ...d, label: LABEL[d.outcome] }))} layout="vertical">
              <XAxis type="number" allowDecimals={false} fontSize={12} />
              <YAxis type="category" dataKey="label" width={130} fontSize={12} />
              <Bar isAnimationActive={false} dataKey="n" name="Decisions">
                {decisions.map((d) => (
                  <Cell key={d.outcome} fill={COLOR[d.outcome]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <ul className="legend-list">
        {decisions.map((d) => (
          <li key={d.outcome}>
            <span>{LABEL[d.outcome]}</span>
            {links.audit ? (
              <Link
                href={links.audit({ type: "policy_decision", outcome: d.outcome })}
                aria-label={`${LABEL[d.outcome]}: ${d.n}`}
              >
                {d.n.toLocaleString()}
              </Link>
            ) : (
              <strong>{d.n.toLocaleString()}</strong>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
