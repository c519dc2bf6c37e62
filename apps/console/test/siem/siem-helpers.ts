import { expect } from "vitest";
import { POST as ingest } from "@/app/api/agent/v1/events/route";
import * as destinations from "@/app/api/v1/siem-destinations/route";
import { db } from "@/server/db";
import { input, makeDevice } from "../audit/device-client";
import { call } from "../harness";

/** Devices on every chain lane, sending real signed, gzipped batches to the agent API; returns the stored ids. */
export async function agentFleet(orgId: string, n = 4) {
  const devices = await Promise.all(
    Array.from({ length: n }, (_, i) => makeDevice(db(), orgId, `ws-${i}`, null, i % 4)),
  );
  return {
    devices,
    /** `count` events per device, as agents would push them. */
    async push(count: number): Promise<void> {
      for (const d of devices) {
        const events = d.chain(
          Array.from({ length: count }, (_, i) =>
            i % 3 === 0
              ? input({
                  type: "policy_decision",
                  command: 'ask-nix "install docker" | tee x=1 \\ ]"',
                  decision: { decision: "deny", rule: "no|containers", reason: "a=b\\c\nnext line" },
                })
              : input({ type: "execution_completed", execution: { success: i % 2 === 0, duration_ms: 10 * i } }),
          ),
        );
        const res = await ingest(d.post({ events }));
        expect(res.status).toBe(200);
      }
    },
  };
}

export async function createDestination(token: string, body: Record<string, unknown>) {
  const r = await call(destinations.POST, "POST", "/api/v1/siem-destinations", { token, body });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { id: string; health: { state: string } };
}

/** Ids of the org's events from now on (what a destination created now must receive). */
export async function storedIds(orgId: string, since: Date, where: { category?: string } = {}): Promise<string[]> {
  const rows = await db().auditEvent.findMany({
    where: { orgId, receivedAt: { gte: since }, ...where },
    select: { id: true },
  });
  return rows.map((r) => r.id).sort();
}

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The event id of a received syslog record (RFC 5424 SD element luminous@32473). */
export function eventIdOf(line: string): string | undefined {
  return /\[luminous@32473 eventId="([^"]+)"/.exec(line)?.[1];
}
