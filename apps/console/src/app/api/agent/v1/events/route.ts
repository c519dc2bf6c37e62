import { handleEventsPost } from "../../../../../server/ingest/ingest-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Audit events from a device: batches of its hash-chained spool, idempotent on (device, seq). */
export const POST = handleEventsPost;
