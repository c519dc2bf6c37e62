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
