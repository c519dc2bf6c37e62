/**
 * Splunk HEC and signed webhooks against small real HTTP receivers started by the test: the HEC
 * receiver checks the token and parses the concatenated HEC objects as Splunk does; the webhook
 * receiver recomputes the HMAC-SHA256 itself (node:crypto, not the console's module) over the
 * timestamp and the raw body and refuses stale timestamps. A receiver answering 503 makes the
 * destination retry; nothing is lost.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as one from "@/app/api/v1/siem-destinations/[id]/route";
import * as destinations from "@/app/api/v1/siem-destinations/route";
import { db } from "@/server/db";
import { closeIngestPool } from "@/server/ingest/pg-transaction";
import { type SiemDeliveryHandle, startSiemDelivery } from "@/server/siem/run-siem-delivery";
import { call, makeOrg, setupTestDatabase, type TestOrg } from "../harness";
import { agentFleet, createDestination, storedIds, until } from "./siem-helpers";

setupTestDatabase();
let org: TestOrg;
let delivery: SiemDeliveryHandle;
const servers: http.Server[] = [];

function receiver(handle: (req: http.IncomingMessage, body: string) => number) {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      res.writeHead(handle(req, body), { "content-type": "application/json" });
      res.end('{"text":"ok","code":0}');
    });
  });
  servers.push(server);
  return new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  org = await makeOrg("siem-http");
  delivery = startSiemDelivery(db(), { pollMs: 100 });
});
afterAll(async () => {
  await delivery?.stop();
  await closeIngestPool();
  for (const s of servers) s.close();
});

describe("HTTP destinations", () => {
  it("Splunk HEC gets HEC-shaped events with the token; a webhook's HMAC and timestamp verify; a 503 is retried", async () => {
    const token = org.users.admin.token;
    const hec: { id: string; sourcetype: string; time: number; category: string }[] = [];
    let hecDown = true;
    const hecUrl = await receiver((req, body) => {
      if (req.headers.authorization !== "Splunk hec-token-1") return 403;
      if (req.url !== "/services/collector/event") return 404;
      if (hecDown) return 503;
      // Splunk reads the body as a stream of JSON objects
      for (const obj of body.split("\n")) {
        const e = JSON.parse(obj);
        hec.push({ id: e.event.id, sourcetype: e.sourcetype, time: e.time, category: e.fields.category });
      }
      return 200;
    });
    const hooks: string[] = [];
    const refused: string[] = [];
    const webhookSecret = "webhook-secret-0123456789";
    const hookUrl = await receiver((req, body) => {
      const ts = String(req.headers["x-luminous-timestamp"]);
      const sig = String(req.headers["x-luminous-signature"]);
      const want = `v1=${createHmac("sha256", webhookSecret).update(`${ts}.${body}`).digest("hex")}`;
      if (sig !== want || Math.abs(Date.now() / 1000 - Number(ts)) > 300) {
        refused.push(sig);
        return 401;
      }
      for (const e of JSON.parse(body).events) hooks.push(e.id);
      return 200;
    });

    const h = await createDestination(token, { kind: "splunk_hec", name: "splunk", url: hecUrl, token: "hec-token-1" });
    await createDestination(token, {
      kind: "webhook",
      name: "hook",
      url: `${hookUrl}/siem`,
      secret: webhookSecret,
      filter: { outcomes: ["deny"] },
    });
    const since = new Date();
    const fleet = await agentFleet(org.orgId, 2);
    await fleet.push(12);

    await until("HEC failure recorded", async () => {
      const d = (await call(one.GET, "GET", "/", { token, params: { id: h.id } })).json;
      return (
        d.health.state === "retrying" &&
        d.health.lastErrorReason === "http_status" &&
        d.health.lastError.includes("503")
      );
    });
    hecDown = false;
    const all = await storedIds(org.orgId, since);
    await until("every event at Splunk", async () => all.every((id) => hec.some((e) => e.id === id)), 60_000);
    expect(hec.every((e) => e.sourcetype === "luminous:audit" && e.time > 1.7e9)).toBe(true);

    const denied = await db().auditEvent.findMany({
      where: { orgId: org.orgId, receivedAt: { gte: since }, outcome: "deny" },
      select: { id: true },
    });
    await until("denials at the webhook", async () => denied.every((d) => hooks.includes(d.id)));
    expect(hooks.length).toBe(new Set(hooks).size);
    expect(new Set(hooks)).toEqual(new Set(denied.map((d) => d.id)));
    expect(refused).toEqual([]);

    const list = await call(destinations.GET, "GET", "/api/v1/siem-destinations", { token });
    expect(JSON.stringify(list.json)).not.toContain("hec-token-1");
    expect(JSON.stringify(list.json)).not.toContain(webhookSecret);
  });

  it("a checkpoint destination receives each lane's signed checkpoints as they are written", async () => {
    const token = org.users.admin.token;
    const got: { type: string; details: { lane: number; signature: string; serverHash: string } }[] = [];
    const url = await receiver((_req, body) => {
      got.push(...JSON.parse(body).events);
      return 200;
    });
    await createDestination(token, {
      kind: "webhook",
      name: "checkpoint witness",
      url,
      secret: "checkpoint-secret-0123",
      stream: "checkpoints",
    });
    const fleet = await agentFleet(org.orgId, 4);
    await fleet.push(3);
    const { runAuditJob } = await import("@/server/audit/run-audit-jobs");
    await runAuditJob(db(), "checkpoints");
    const stored = await db().chainCheckpoint.findMany({ where: { orgId: org.orgId } });
    const lanes = new Set(stored.map((c) => c.lane));
    expect(lanes.size).toBe(4);
    await until("every new checkpoint at the witness", async () =>
      stored.every((c) =>
        got.some((g) => g.details.serverHash === c.serverHash && g.details.signature === c.signature),
      ),
    );
    expect(got.every((g) => g.type === "audit_checkpoint")).toBe(true);
  });

  it("a destination down for longer than retention counts, audits and exposes what it missed, then goes on", async () => {
    const token = org.users.admin.token;
    const got: string[] = [];
    const url = await receiver((_req, body) => {
      got.push(...JSON.parse(body).events.map((e: { id: string }) => e.id));
      return 200;
    });
    const d = await createDestination(token, { kind: "webhook", name: "late", url, secret: "late-secret-0123456789" });
    await call(one.PATCH, "PATCH", "/", { token, params: { id: d.id }, body: { enabled: false } });
    const fleet = await agentFleet(org.orgId, 4);
    await fleet.push(5);
    const { runAuditJob } = await import("@/server/audit/run-audit-jobs");
    const { applyRetention } = await import("@/server/audit/apply-retention");
    await runAuditJob(db(), "checkpoints");
    await db().org.update({ where: { id: org.orgId }, data: { auditRetentionDays: 0 } });
    const cut = await applyRetention(db(), org.orgId);
    expect(cut.deleted).toBeGreaterThan(0);
    await db().org.update({ where: { id: org.orgId }, data: { auditRetentionDays: 365 } });
    const since = new Date();
    await fleet.push(2);
    await call(one.PATCH, "PATCH", "/", { token, params: { id: d.id }, body: { enabled: true } });
    const after = await storedIds(org.orgId, since, { category: "agent" });
    await until("the events after the cut", async () => after.every((id) => got.includes(id)));
    // counted when the batch after the gap commits (just after the receiver has it)
    const health = await until("the loss counted", async () => {
      const h = (await call(one.GET, "GET", "/", { token, params: { id: d.id } })).json.health;
      return h.droppedByRetention > 0 && h;
    });
    expect(health.droppedByRetention).toBeGreaterThanOrEqual(20);
    const audited = await db().auditEvent.findFirst({
      where: { orgId: org.orgId, type: "admin.siem_destination.events_dropped", targetId: d.id },
    });
    expect(audited?.data).toMatchObject({ reason: "deleted by retention before delivery" });
  });

  it("is in the OpenAPI document with its request schemas", async () => {
    const doc = await (await openapi.GET()).json();
    const create = doc.paths["/api/v1/siem-destinations"].post;
    expect(JSON.stringify(create.requestBody.content["application/json"].schema)).toContain("syslog_tls");
    for (const p of [
      "/api/v1/siem-destinations/{id}",
      "/api/v1/siem-destinations/{id}/test",
      "/api/v1/siem-destinations/{id}/replay",
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });

  it("refuses and records a destination the egress policy does not allow, naming the field", async () => {
    const token = org.users.admin.token;
    for (const body of [
      { kind: "webhook", name: "meta", url: "https://169.254.169.254/latest", secret: "x".repeat(20) },
      { kind: "syslog_tcp", name: "internal", format: "cef", host: "10.1.2.3", port: 514 },
    ]) {
      const r = await call(destinations.POST, "POST", "/api/v1/siem-destinations", { token, body });
      expect(r.status).toBe(422);
      expect(r.json.error.fields[0].path).toBe(body.kind === "webhook" ? "url" : "host");
      expect(r.json.error.message).toMatch(/egress policy/);
    }
    // refused, and recorded: an attempt to reach internal addresses
    const denied = await db().auditEvent.findMany({
      where: { orgId: org.orgId, type: "admin.siem_destination.create", outcome: "denied" },
    });
    expect(denied.map((d) => (d.data as { field: string }).field).sort()).toEqual(["host", "url"]);
    const short = await call(destinations.POST, "POST", "/api/v1/siem-destinations", {
      token,
      body: { kind: "webhook", name: "weak", url: "https://siem.example.com/hook", secret: "short" },
    });
    expect(short.status).toBe(422);
    expect(JSON.stringify(short.json)).toContain("secret");
  });
});
