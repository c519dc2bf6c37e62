/**
 * SIEM forwarding to a real Debian rsyslog over TLS (imtcp + gtls, client certificate required):
 * CEF, LEEF 2.0 and RFC 5424 JSON destinations receive every event of the trail (agent events
 * pushed through the agent API on every lane, the console's own admin events, integrity alarms),
 * through an outage in the middle (rsyslog stopped, events recorded meanwhile, rsyslog started
 * again): after dropping duplicates by event id, each destination has each event exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as replay from "@/app/api/v1/siem-destinations/[id]/replay/route";
import * as one from "@/app/api/v1/siem-destinations/[id]/route";
import * as test from "@/app/api/v1/siem-destinations/[id]/test/route";
import * as destinations from "@/app/api/v1/siem-destinations/route";
import { raiseIntegrityAlarm } from "@/server/audit/raise-integrity-alarm";
import { recordAuditNow } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { type SiemDeliveryHandle, startSiemDelivery } from "@/server/siem/run-siem-delivery";
import { type RsyslogPeer, startRsyslog } from "../../../../test-peers/rsyslog/rsyslogd.mjs";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";
import { agentFleet, createDestination, eventIdOf, storedIds, until } from "./siem-helpers";

setupTestDatabase();
let rsyslog: RsyslogPeer;
let org: TestOrg;
let delivery: SiemDeliveryHandle;

beforeAll(async () => {
  rsyslog = await startRsyslog();
  org = await makeOrg("siem");
});
afterAll(async () => {
  await delivery?.stop();
  await closeIngestPool();
  await rsyslog?.destroy();
});

const FORMATS = { cef: /CEF:0\|Luminous\|/, leef: /LEEF:2\.0\|Luminous\|/, rfc5424: /\] \{/ } as const;

/** Received lines of one format, grouped by event id. */
function received(format: keyof typeof FORMATS): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of rsyslog.lines()) {
    if (!FORMATS[format].test(line)) continue;
    const id = eventIdOf(line);
    if (id) out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

describe("forwarding to rsyslog over TLS", () => {
  it("delivers CEF, LEEF and RFC 5424 through an rsyslog outage: nothing missing, exactly once after de-duplication by event id", {
    timeout: 180_000,
  }, async () => {
    const token = org.users.admin.token;
    const tls = {
      kind: "syslog_tls",
      host: "127.0.0.1",
      port: rsyslog.tlsPort,
      caCert: rsyslog.certs.ca,
      clientCert: rsyslog.certs.client.cert,
      clientKey: rsyslog.certs.client.key,
    };
    const created = new Date();
    const ids: Record<string, string> = {};
    for (const format of Object.keys(FORMATS)) {
      ids[format] = (await createDestination(token, { ...tls, name: `rsyslog ${format}`, format })).id;
    }
    // Each destination receives what is recorded from its creation on: everything from here.
    const since = new Date();
    delivery = startSiemDelivery(db(), { pollMs: 100, perLane: 200 });
    const fleet = await agentFleet(org.orgId);
    await fleet.push(30);
    await recordAuditNow(
      org.orgId,
      { actor: { type: "user", label: 'mallory "]\\' } },
      {
        action: "policy.publish",
        outcome: "success",
        target: { type: "policy", label: "base|line" },
      },
    );
    await raiseIntegrityAlarm(org.orgId, "integrity_checkpoint_refused", {
      lane: 2,
      problem: "chain_break",
      message: "lane 2 does not verify",
      serverSeq: 7,
    } as never);

    const firstHalf = await storedIds(org.orgId, since);
    await until("the first half at every destination", async () =>
      (Object.keys(FORMATS) as (keyof typeof FORMATS)[]).every((f) => firstHalf.every((id) => received(f).has(id))),
    );

    // Outage: rsyslog stops; events keep being recorded; deliveries fail and wait with backoff.
    await rsyslog.stop();
    await fleet.push(20);
    await until("a failed delivery recorded on each destination", async () => {
      const rows = await db().siemDestination.findMany({ where: { orgId: org.orgId } });
      return rows.every((r) => r.state === "retrying" && r.lastErrorReason === "connect");
    });
    const list = await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token });
    for (const d of list.json.items) {
      expect(d.health.state).toBe("retrying");
      expect(d.health.lastError).toMatch(/Could not connect/);
      expect(d.health.lagEvents).toBeGreaterThan(0);
    }
    // Ingestion is not held up by a destination that is down.
    const t0 = Date.now();
    await fleet.push(10);
    expect(Date.now() - t0).toBeLessThan(5_000);

    await rsyslog.start();
    const all = await storedIds(org.orgId, since);
    for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
      await until(
        `${format}: every event after the outage`,
        async () => all.every((id) => received(format).has(id)),
        60_000,
      );
      // nothing missing, and nothing that is not an event of this trail
      const got = [...received(format).keys()];
      expect(all.filter((id) => !received(format).has(id))).toEqual([]);
      const trail = new Set(await storedIds(org.orgId, created));
      expect(got.filter((id) => !trail.has(id))).toEqual([]);
    }
    await until("health back to ok with no lag", async () => {
      const r = await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token });
      return r.json.items.every(
        (d: { health: { state: string; lagEvents: number } }) => d.health.state === "ok" && d.health.lagEvents === 0,
      );
    });
    const health = (await call(one.GET, "GET", "/", { token, params: { id: ids.cef! } })).json.health;
    expect(health.delivered).toBeGreaterThanOrEqual(all.length);
    expect(health.failures).toBeGreaterThan(0);

    // What a SIEM parses: the hostile values did not add CEF fields or break the 5424 record.
    const cef = rsyslog.lines().find((l) => FORMATS.cef.test(l) && l.includes("policy_decision"))!;
    expect(cef).toContain("cs3=no|containers");
    expect(cef).toContain("reason=a\\=b\\\\c\\nnext line");
    const alarm = rsyslog.lines().find((l) => FORMATS.rfc5424.test(l) && l.includes("integrity_checkpoint_refused"))!;
    expect(alarm).toMatch(/^<106>1 /); // log audit, critical
    const admin = rsyslog.lines().find((l) => FORMATS.leef.test(l) && l.includes("admin.policy.publish"))!;
    expect(admin).toContain('\tusrName=mallory "]\\\\\t');
  });

  it("replay from a time sends those events again; the test event arrives; every step is audited", async () => {
    const token = org.users.admin.token;
    const [dest] = (await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token })).json.items;
    const before = received("cef");
    const from = new Date(Date.now() - 3600_000).toISOString();
    const r = await call(replay.POST, "POST", "/", { token, params: { id: dest.id }, body: { from } });
    expect(r.status).toBe(200);
    await until("replayed", async () => [...before.keys()].every((id) => (received("cef").get(id) ?? 0) >= 2));

    const t = await call(test.POST, "POST", "/", { token, params: { id: dest.id } });
    expect(t.json).toMatchObject({ ok: true, error: null });
    await until("the test event", async () => received("cef").has(t.json.eventId));

    const bad = await call(replay.POST, "POST", "/", { token, params: { id: dest.id }, body: { from: "yesterday" } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toContain("from");
    const audited = await db().auditEvent.findMany({
      where: { orgId: org.orgId, type: { startsWith: "admin.siem_destination." } },
      select: { type: true, data: true, after: true },
    });
    expect(audited.map((a) => a.type)).toEqual(
      expect.arrayContaining([
        "admin.siem_destination.create",
        "admin.siem_destination.replay",
        "admin.siem_destination.test",
      ]),
    );
    expect(JSON.stringify(audited)).not.toContain("PRIVATE KEY");
  });

  it("a viewer or an auditor cannot see or change destinations, and no answer carries a secret", async () => {
    const viewer = await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token: org.users.viewer.token });
    expect(viewer.status).toBe(403);
    const auditor = await call(destinations.POST, "POST", "/api/v1/siem-destinations", {
      token: org.users.auditor.token,
      body: { kind: "syslog_udp", name: "x", format: "cef", host: "127.0.0.1" },
    });
    expect(auditor.status).toBe(403);
    const list = await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token: org.users.auditor.token });
    expect(JSON.stringify(list.json)).not.toContain("PRIVATE KEY");
    expect(list.json.items[0].secretSet).toBe(true);
  });
});
