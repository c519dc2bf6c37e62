"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export function ActivityChart({ data }: { data: { day: string; success: number; denied: number; failure: number }[] }) {
  return (
    <div style={{ width: "100%", height: 240 }} role="img" aria-label="Audit events per day for the last 14 days">
      <ResponsiveContainer>
        <BarChart data={data.map((d) => ({ ...d, day: d.day.slice(5) }))}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={12} />
          <YAxis allowDecimals={false} fontSize={12} />
          <Tooltip />
          <Legend />
          <Bar isAnimationActive={false} dataKey="success" stackId="a" fill="#3b5bdb" name="Succeeded" />
          <Bar isAnimationActive={false} dataKey="failure" stackId="a" fill="#e67700" name="Failed" />
          <Bar isAnimationActive={false} dataKey="denied" stackId="a" fill="#c92a2a" name="Denied" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
