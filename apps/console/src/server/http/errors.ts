/**
 * The one error type domain code throws. Codes are a closed set, mapped to HTTP status in one
 * place (toResponse in respond.ts); anything else is a 500 with a correlation id.
 */
export type ErrorCode =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  /** a sensitive action with the org's step-up setting on and no fresh second factor on the session */
  | "step_up_required"
  | "not_found"
  | "conflict"
  | "too_large"
  | "rate_limited"
  | "unavailable"
  | "internal";

export const STATUS: Record<ErrorCode, number> = {
  validation: 422,
  unauthenticated: 401,
  forbidden: 403,
  step_up_required: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fields?: FieldError[]; retryAfterSeconds?: number; reason?: string } = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission to do this", action?: string) =>
  new AppError("forbidden", message, action ? { reason: action } : {});
