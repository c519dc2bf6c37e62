import { db } from "../db";
import { AppError } from "../http/errors";

/**
 * Fixed-window counter kept in Postgres, so every console node shares it. Returns the count
 * after this hit; throws 429 with Retry-After once over the limit.
 */
export async function hit(key: string, limit: number, windowSeconds: number): Promise<number> {
  const rows = await db().$queryRaw<{ count: number; resetAt: Date }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" < now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" < now() THEN now() + make_interval(secs => ${windowSeconds}) ELSE "RateLimit"."resetAt" END
    RETURNING "count", "resetAt"`;
  const r = rows[0]!;
  if (r.count > limit) {
    const retry = Math.max(1, Math.ceil((r.resetAt.getTime() - Date.now()) / 1000));
    throw new AppError("rate_limited", `Too many attempts; try again in ${retry} seconds`, {
      retryAfterSeconds: retry,
    });
  }
  return r.count;
}
