"use client";
import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const label = (iso: string, long: boolean) =>
  new Date(iso).toLocaleString(
    undefined,
    long ? { month: "short", day: "numeric", hour: "2-digit" } : { hour: "2-digit", minute: "2-digit" },
  );

/** Commands and failed executions per hour over the period, in the viewer's time. */
export function CommandsChart({ series }: { series: { hour: string; commands: number; failed: number }[] }) {
  const long = series.length > 24;
  const data = series.map((p) => ({ ...p, at: label(p.hour, long) }));
  return (
    <div className="chart" role="img" aria-label={`Commands and failed executions per hour, ${series.length} hours`}>
      <ResponsiveContainer>
        <AreaChart data={data}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="at" fontSize={12} minTickGap={24} />
          <YAxis allowDecimals={false} fontSize={12} width={40} />
          <Tooltip />
          <Legend />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="commands"
            name="Commands"
            stroke="#3b5bdb"
            fill="#dbe4ff"
          />
          <Area
            isAnimationActive={false}
            type="monotone"
            dataKey="failed"
            name="Failed executions"
            stroke="#c92a2a"
            fill="#ffe3e3"
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
