"use client";
/** Browser client for the console's own /api/v1 (same handlers and guard as automation). */
export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/**
 * Who answers a `step_up_required` refusal: the console's step-up dialog registers itself here.
 * It resolves true once the session has proved a fresh second factor, false when the user cancels.
 */
type StepUpHandler = (message: string) => Promise<boolean>;
let stepUpHandler: StepUpHandler | null = null;

export function setStepUpHandler(h: StepUpHandler | null): void {
  stepUpHandler = h;
}

export function askForStepUp(message: string): Promise<boolean> {
  return stepUpHandler ? stepUpHandler(message) : Promise.resolve(false);
}

/**
 * A sensitive action refused for want of a fresh second factor is retried once after the user
 * steps up in the dialog; cancelling leaves the refusal as the error.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; stepUpRetried?: boolean } = {},
): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    if (res.status === 401 && typeof window !== "undefined") window.location.href = "/signin";
    const e = (data as { error?: { code?: string; message?: string; fields?: FieldError[] } }).error ?? {};
    if (e.code === "step_up_required" && !init.stepUpRetried && (await askForStepUp(e.message ?? ""))) {
      return api<T>(path, { ...init, stepUpRetried: true });
    }
    throw new ApiError(res.status, e.code ?? "error", e.message ?? `Request failed (${res.status})`, e.fields ?? []);
  }
  return data as T;
}

export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : "";
}
