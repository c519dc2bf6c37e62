import { hostname } from "node:os";
import type { PrismaClient } from "@luminous/db";
import { log } from "../log";
import { type DeliveryOptions, deliverBatch, releaseLease, takeLease } from "./deliver-destination";

export interface SiemDeliveryHandle {
  stop(): Promise<void>;
}

/** How long one destination keeps delivering before its lease is given back for a turn. */
const TURN_MS = 10_000;

/**
 * The worker's delivery loop: every `pollMs` it looks for enabled destinations that are due and
 * not already being served here, and gives each its own task. A destination that is down waits
 * out its backoff without holding anyone else up; ingestion only ever writes the trail, so a
 * slow destination never slows it. Across workers, a destination is served by the holder of its
 * lease; a killed worker's lease runs out after LEASE_SECONDS.
 */
export function startSiemDelivery(
  prisma: PrismaClient,
  opts: Partial<DeliveryOptions> & { pollMs?: number } = {},
): SiemDeliveryHandle {
  const o: DeliveryOptions = { owner: opts.owner ?? `${hostname()}:${process.pid}`, perLane: opts.perLane ?? 500 };
  const busy = new Map<string, Promise<void>>();
  let stopping = false;

  const serve = async (id: string) => {
    const until = Date.now() + TURN_MS;
    try {
      while (!stopping && Date.now() < until) {
        const d = await takeLease(prisma, id, o.owner);
        if (!d || (await deliverBatch(prisma, d, o)) === 0) break;
      }
      await releaseLease(prisma, id, o.owner);
    } catch (e) {
      // recorded on the destination (which gave the lease back), or the database is away: the next tick retries
      log("warn", "SIEM delivery failed", { destination: id, err: (e as Error).message });
    }
  };

  const tick = async () => {
    if (stopping) return;
    try {
      const due = await prisma.siemDestination.findMany({
        where: { enabled: true, OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: new Date() } }] },
        select: { id: true },
      });
      for (const { id } of due) {
        if (busy.has(id)) continue;
        const p = serve(id).finally(() => busy.delete(id));
        busy.set(id, p);
      }
    } catch (e) {
      log("warn", "SIEM delivery could not list destinations", { err: (e as Error).message });
    }
  };

  const timer = setInterval(() => void tick(), opts.pollMs ?? 500);
  void tick();
  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await Promise.all(busy.values());
    },
  };
}
