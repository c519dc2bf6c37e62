/** Agent API tunables (one place; the agent README documents them). */
export const AGENT_API = {
  /** How often agents poll, told to them at enrollment and in every heartbeat answer. */
  pollIntervalSeconds: 60,
  /** Lifetime of a signed bundle; an agent freezes on its last good bundle after this without a new one. */
  bundleTtlSeconds: 7 * 24 * 3600,
  /** A bundle older than this is re-issued (new issuedAt/expiresAt) on the next poll instead of a 304. */
  reissueAfterSeconds: (7 * 24 * 3600) / 2,
  /** Device JWTs: max lifetime (exp - iat) and tolerated clock skew. */
  jwtMaxLifetimeSeconds: 120,
  clockSkewSeconds: 60,
  audience: "luminous-agent-api",
  maxBodyBytes: 256 * 1024,
  /** Enrollment attempts per client IP per window. */
  enrollRateLimit: { limit: 20, windowSeconds: 300 },
} as const;
