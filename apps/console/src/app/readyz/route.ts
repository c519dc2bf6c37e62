import { db } from "@/server/db";
import { log } from "@/server/log";

export const dynamic = "force-dynamic";

/** Readiness: the database answers. A load balancer stops routing here while it does not. */
export async function GET() {
  const started = Date.now();
  // Set by scripts/start.mjs once shutdown begins: stop sending traffic here.
  if ((globalThis as { __luminousDraining?: boolean }).__luminousDraining) {
    return Response.json({ status: "draining" }, { status: 503 });
  }
  try {
    await db().$queryRaw`SELECT 1`;
    return Response.json({ status: "ready", database: "ok", ms: Date.now() - started });
  } catch (e) {
    log("warn", "readiness check failed", { err: (e as Error).message });
    return Response.json({ status: "not_ready", database: "unreachable" }, { status: 503 });
  }
}
