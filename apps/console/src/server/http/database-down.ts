/** Connection-level failures (Postgres stopped, restarting, unreachable): the client should retry later. */
const DOWN_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
  "P1001",
  "P1017",
]);
const DOWN_MESSAGES =
  /ECONNREFUSED|ECONNRESET|Connection terminated|connect ECONN|terminating connection|the database system is (starting up|shutting down)|Can't reach database|Server has closed the connection|Transaction API error|Unable to start a transaction/i;

export function isDatabaseDown(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== "object" || depth > 5) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
  if (typeof err.code === "string" && DOWN_CODES.has(err.code)) return true;
  if (typeof err.originalCode === "string" && DOWN_CODES.has(err.originalCode)) return true;
  if (typeof err.message === "string" && DOWN_MESSAGES.test(err.message)) return true;
  return isDatabaseDown(err.cause, depth + 1);
}
