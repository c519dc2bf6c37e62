import type { PrismaClient, SiemDestination } from "@luminous/db";
import { appendAuditEvents } from "../audit/append-events";
import { EgressFailure } from "../http/egress-failure";
import { readNext } from "./read-next";
import { ZSiemFilter } from "./schemas";
import { sendBatch } from "./send-batch";
import { passesFilter } from "./siem-event";

export const LEASE_SECONDS = 20;

export interface DeliveryOptions {
  owner: string;
  /** Records read per lane per batch. */
  perLane: number;
}

/** Exponential steps (1 s, 2 s, 4 s ... capped at 5 minutes), each a random time between half the step and the whole of it. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(300_000, 1000 * 2 ** Math.min(attempts - 1, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Takes (or renews) the destination's lease; null when another worker holds it or it is not due. */
export async function takeLease(prisma: PrismaClient, id: string, owner: string): Promise<SiemDestination | null> {
  const rows = await prisma.$queryRaw<SiemDestination[]>`
    UPDATE "SiemDestination" SET "leaseOwner" = ${owner}, "leaseUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE "id" = ${id}::uuid AND "enabled"
      AND ("leaseOwner" IS NULL OR "leaseOwner" = ${owner} OR "leaseUntil" < now())
      AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= now())
    RETURNING *`;
  return rows[0] ?? null;
}

export async function releaseLease(prisma: PrismaClient, id: string, owner: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "SiemDestination" SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE "id" = ${id}::uuid AND "leaseOwner" = ${owner}`;
}

/**
 * One batch for a destination that this worker holds the lease of: read what lies after its
 * cursors, keep what its filter lets through, hand it over, then move the cursors (compare-and-set
 * on the positions read, so a replay set meanwhile wins) and the counters in one transaction.
 * A crash between hand-over and commit sends the batch again: at-least-once, by event id.
 * Returns how many records were read (0: nothing left), or throws after recording the failure.
 */
export async function deliverBatch(prisma: PrismaClient, d: SiemDestination, opts: DeliveryOptions): Promise<number> {
  const cursors = await prisma.siemCursor.findMany({ where: { destinationId: d.id } });
  const batch = await readNext(
    d.orgId,
    d.stream,
    cursors.map((c) => ({ lane: c.lane, position: c.position })),
    opts.perLane,
  );
  if (batch.advance.size === 0) return 0;
  const filter = ZSiemFilter.parse(d.filter);
  const items = d.stream === "checkpoints" ? batch.items : batch.items.filter((i) => passesFilter(filter, i.event));
  try {
    await sendBatch(d, items);
  } catch (e) {
    await recordFailure(prisma, d, e, opts.owner);
    throw e;
  }
  const dropped = [...batch.dropped.values()].reduce((a, b) => a + b, 0n);
  await prisma.$transaction(async (tx) => {
    for (const c of cursors) {
      const to = batch.advance.get(c.lane);
      if (to === undefined) continue;
      await tx.siemCursor.updateMany({
        where: { destinationId: d.id, lane: c.lane, position: c.position },
        data: { position: to, updatedAt: new Date() },
      });
    }
    await tx.siemDestination.updateMany({
      where: { id: d.id, leaseOwner: opts.owner },
      data: {
        state: "ok",
        attempts: 0,
        nextAttemptAt: null,
        ...(items.length ? { lastDeliveredAt: new Date() } : {}),
        delivered: { increment: BigInt(items.length) },
        droppedByRetention: { increment: dropped },
        leaseUntil: new Date(Date.now() + LEASE_SECONDS * 1000),
      },
    });
    if (dropped > 0n) {
      await appendAuditEvents(tx, d.orgId, [
        {
          ts: new Date(),
          category: "admin",
          type: "admin.siem_destination.events_dropped",
          action: "siem_destination.events_dropped",
          outcome: "failure",
          actorType: "system",
          actorLabel: "SIEM forwarding",
          targetType: "siem_destination",
          targetId: d.id,
          targetLabel: d.name,
          data: { dropped: dropped.toString(), reason: "deleted by retention before delivery" },
        },
      ]);
    }
  });
  return batch.items.length;
}

export async function recordFailure(prisma: PrismaClient, d: SiemDestination, e: unknown, owner: string) {
  const attempts = d.attempts + 1;
  const failure = e instanceof EgressFailure ? e : null;
  await prisma.siemDestination.updateMany({
    where: { id: d.id, leaseOwner: owner },
    data: {
      state: "retrying",
      attempts,
      nextAttemptAt: new Date(Date.now() + retryDelayMs(attempts)),
      lastError: (failure?.message ?? "Delivery failed").slice(0, 500),
      lastErrorReason: failure?.kind ?? "internal",
      lastErrorAt: new Date(),
      failures: { increment: 1 },
      leaseOwner: null,
      leaseUntil: null,
    },
  });
  d.attempts = attempts;
}
