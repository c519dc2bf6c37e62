import { createHash } from "node:crypto";
import { db } from "../db";
import { AppError } from "../http/errors";

/**
 * Password sign-in throttling per (entered email, client address) with exponential backoff, in
 * place of a per-account lock: an attacker who fails from their address slows only themselves,
 * and the owner signs in from theirs. Unknown emails are throttled exactly like real ones.
 * The per-address fixed window in sign-in-with-password.ts bounds spraying across accounts.
 */
export const FREE_FAILURES = 3;
const BASE_SECONDS = 30;
export const MAX_BLOCK_SECONDS = 15 * 60;
/** A pair's count starts again after a day without failures. */
const FORGET_AFTER_SECONDS = 24 * 3600;

export const THROTTLED_MESSAGE = "Too many failed sign-ins for this email from your address";

/** 3 free failures, then 30 s, 1 min, 2 min... doubling up to 15 minutes. */
export function backoffSeconds(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(MAX_BLOCK_SECONDS, BASE_SECONDS * 2 ** (failures - FREE_FAILURES - 1));
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function keyOf(email: string, ip: string | null): string {
  return createHash("sha256")
    .update(`${normaliseEmail(email)}|${ip ?? "unknown"}`)
    .digest("hex");
}

/** Throws 429 (the same for every email) while this pair is blocked. */
export async function assertNotThrottled(email: string, ip: string | null): Promise<void> {
  const row = await db().signInThrottle.findUnique({ where: { key: keyOf(email, ip) } });
  const wait = row?.blockedUntil ? Math.ceil((row.blockedUntil.getTime() - Date.now()) / 1000) : 0;
  if (wait > 0) {
    throw new AppError("rate_limited", `${THROTTLED_MESSAGE}; try again in ${wait} seconds`, {
      retryAfterSeconds: wait,
    });
  }
}

/** Counts a failure; `blockedUntil` is set once the pair is past its free failures. */
export async function recordSignInFailure(
  email: string,
  ip: string | null,
): Promise<{ failures: number; blockedUntil: Date | null }> {
  const rows = await db().$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" ("key", "email", "failures", "updatedAt")
    VALUES (${keyOf(email, ip)}, ${normaliseEmail(email)}, 1, now())
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "SignInThrottle"."updatedAt" < now() - make_interval(secs => ${FORGET_AFTER_SECONDS})
                   THEN 1 ELSE "SignInThrottle"."failures" + 1 END,
      "updatedAt" = now()
    RETURNING "failures"`;
  const failures = rows[0]!.failures;
  // Pairs nobody has failed with for a day are forgotten anyway; clear them out now and then.
  if (Math.random() < 0.01) {
    await db()
      .$executeRaw`DELETE FROM "SignInThrottle" WHERE "updatedAt" < now() - make_interval(secs => ${FORGET_AFTER_SECONDS}) AND ("blockedUntil" IS NULL OR "blockedUntil" < now())`;
  }
  const wait = backoffSeconds(failures);
  const blockedUntil = wait > 0 ? new Date(Date.now() + wait * 1000) : null;
  if (blockedUntil) {
    await db().signInThrottle.update({ where: { key: keyOf(email, ip) }, data: { blockedUntil } });
  }
  return { failures, blockedUntil };
}

/** A successful sign-in forgets that address's failures for this email. */
export async function clearSignInFailures(email: string, ip: string | null): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key: keyOf(email, ip) } });
}
