import { Gauge, type Registry } from "prom-client";
import { AGENT_API } from "../agent/constants";
import { pgPool, prismaPool } from "../db";
import { STATUS_THRESHOLDS } from "../devices/device-status";
import { log } from "../log";

/**
 * Gauges read from the database when scraped: the fleet's state (devices by connectivity and
 * policy expiry), the audit trail's checkpoint coverage and its last verification. One query
 * each; a scrape that finds the database down still answers with the rest. Exposed by the console
 * and the worker, not by each agent API worker (they would report the same rows many times).
 */
export function registerFleetGauges(registry: Registry): void {
  new Gauge({
    name: "luminous_devices",
    help: "Enrolled devices of each org (0 for an org with none) by state: online, stale, offline, revoked, and policy_expired (not revoked, newest bundle past its lifetime: the agent enforces a frozen policy).",
    labelNames: ["org", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      const rows = await query<{ org: string; state: string; n: string }>(
        `SELECT o.slug AS org, s.state, coalesce(s.n, 0) AS n FROM "Org" o LEFT JOIN (
           SELECT d."orgId",
             count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."lastSeenAt" >= $1) AS online,
             count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."lastSeenAt" < $1 AND d."lastSeenAt" >= $2) AS stale,
             count(*) FILTER (WHERE d."revokedAt" IS NULL AND (d."lastSeenAt" IS NULL OR d."lastSeenAt" < $2)) AS offline,
             count(*) FILTER (WHERE d."revokedAt" IS NOT NULL) AS revoked,
             count(*) FILTER (WHERE d."revokedAt" IS NULL AND d."bundleIssuedAt" < $3) AS policy_expired
           FROM "Device" d GROUP BY d."orgId") c ON c."orgId" = o.id
         CROSS JOIN LATERAL (VALUES ('online', c.online), ('stale', c.stale), ('offline', c.offline),
           ('revoked', c.revoked), ('policy_expired', c.policy_expired)) AS s(state, n)`,
        [
          new Date(now - STATUS_THRESHOLDS.onlineSeconds * 1000),
          new Date(now - STATUS_THRESHOLDS.staleSeconds * 1000),
          new Date(now - AGENT_API.bundleTtlSeconds * 1000),
        ],
      );
      for (const r of rows) this.set({ org: r.org, state: r.state }, Number(r.n));
    },
  });

  // The two lane gauges are collected concurrently within one scrape and share its query.
  let inflight: Promise<LaneRow[]> | undefined;
  const lanesOnce = () => {
    inflight ??= lanes().finally(() => {
      inflight = undefined;
    });
    return inflight;
  };
  new Gauge({
    name: "luminous_audit_checkpoint_age_seconds",
    help: "Seconds since the newest signed checkpoint of each audit chain lane that holds events (since the org was created when the lane has none yet).",
    labelNames: ["org", "lane"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await lanesOnce()) {
        const from = r.signedAt ?? r.since;
        this.set({ org: r.org, lane: String(r.lane) }, Math.max(0, Math.round((Date.now() - from.getTime()) / 1000)));
      }
    },
  });
  new Gauge({
    name: "luminous_audit_unsigned_events",
    help: "Events linked into each audit chain lane after its newest signed checkpoint.",
    labelNames: ["org", "lane"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await lanesOnce()) this.set({ org: r.org, lane: String(r.lane) }, r.head - r.signed);
    },
  });

  new Gauge({
    name: "luminous_audit_verification_ok",
    help: "1 when the last verification of the org's audit trail found it intact, 0 when it found a break (an integrity alarm).",
    labelNames: ["org"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await query<{ org: string; ok: boolean }>(
        `SELECT o.slug AS org, v.ok FROM "AuditVerification" v JOIN "Org" o ON o.id = v."orgId"`,
      );
      for (const r of rows) this.set({ org: r.org }, r.ok ? 1 : 0);
    },
  });
}

interface LaneRow {
  org: string;
  lane: number;
  head: number;
  signed: number;
  signedAt: Date | null;
  since: Date;
}

async function lanes(): Promise<LaneRow[]> {
  const rows = await query<{
    org: string;
    lane: number;
    head: string;
    signed: string | null;
    signed_at: Date | null;
    since: Date;
  }>(
    `SELECT o.slug AS org, h.lane, h."serverSeq" AS head, c."serverSeq" AS signed, c."createdAt" AS signed_at, o."createdAt" AS since
       FROM "AuditChainHead" h JOIN "Org" o ON o.id = h."orgId"
       LEFT JOIN LATERAL (SELECT "serverSeq", "createdAt" FROM "ChainCheckpoint" k
                           WHERE k."orgId" = h."orgId" AND k.lane = h.lane ORDER BY "serverSeq" DESC LIMIT 1) c ON true
      WHERE h."serverSeq" > 0`,
  );
  return rows.map((r) => ({
    org: r.org,
    lane: r.lane,
    head: Number(r.head),
    signed: Number(r.signed ?? 0),
    signedAt: r.signed_at,
    since: r.since,
  }));
}

async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  try {
    return (await pgPool().query(sql, params)).rows as T[];
  } catch (err) {
    log("warn", "metrics: database query failed", { err: (err as Error).message });
    return [];
  }
}

/** This process's database pools (per process: the agent API service sums its workers'). */
export function registerPoolGauge(registry: Registry): void {
  new Gauge({
    name: "luminous_db_pool_connections",
    help: "Database connections of this process by pool (prisma: the ORM's, fast: the agent poll path's) and state (total, idle, waiting: requests queued for a connection).",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const pools = { prisma: prismaPool(), fast: pgPool() };
      for (const [name, p] of Object.entries(pools)) {
        if (!p) continue;
        this.set({ pool: name, state: "total" }, p.totalCount);
        this.set({ pool: name, state: "idle" }, p.idleCount);
        this.set({ pool: name, state: "waiting" }, p.waitingCount);
      }
    },
  });
}
