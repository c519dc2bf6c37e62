/** Ingestion tunables (one place; the agent README documents them). */
export const INGEST = {
  /** Bytes on the wire (gzip-compressed or not). */
  maxBodyBytes: 1024 * 1024,
  /** Bytes after decompression: a gzip bomb stops here. */
  maxDecodedBytes: 8 * 1024 * 1024,
  maxEventsPerBatch: 1000,
  /** Integrity records listing refused events name at most this many per batch (the rest are counted). */
  maxRejectionsDetailed: 100,
  /** Per-device request budget (token bucket per console node): steady rate and burst. */
  rate: { perSecond: 20, burst: 40 },
  /** What a 503 tells the agent when Postgres is unreachable. */
  retryAfterSeconds: 5,
} as const;

/**
 * V8 flags of the standalone agent API's workers. A 1,000-event batch allocates a few MB that stay
 * alive across its database round trips; with the default 16 MB semi-spaces they were promoted to
 * the old generation and garbage collection took about a quarter of the worker's CPU. Larger
 * semi-spaces let them die young (bench/audit/README.md has the figures).
 */
export const AGENT_API_NODE_FLAGS = ["--max-semi-space-size=64"] as const;
