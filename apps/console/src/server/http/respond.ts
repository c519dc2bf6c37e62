import { randomUUID } from "node:crypto";
import "../../lib/zod-messages";
import type { z } from "zod";
import { log } from "../log";
import { isDatabaseDown } from "./database-down";
import { AppError, type FieldError, STATUS } from "./errors";
import { readJson } from "./read-body";

export function json(body: unknown, init: ResponseInit = {}): Response {
  return Response.json(body, init);
}

/** What a handler returned, as a response: a Response as is, nothing as 204, anything else as JSON. */
export function toResponse(out: unknown): Response {
  return out instanceof Response ? out : out === undefined ? new Response(null, { status: 204 }) : json(out);
}

export function zodFields(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join(".") || "(body)", message: i.message }));
}

/** Parses a value with a schema, throwing a 422 that names every failing field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = "input"): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = zodFields(r.error);
    throw new AppError("validation", `Invalid ${what}: ${fields.map((f) => `${f.path}: ${f.message}`).join("; ")}`, {
      fields,
    });
  }
  return r.data;
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  return parseWith(schema, await readJson(req), "request body");
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  return parseWith(schema, params, "query");
}

function prismaCode(e: unknown): string | undefined {
  const c = (e as { code?: unknown })?.code;
  return typeof c === "string" && /^P\d{4}$/.test(c) ? c : undefined;
}

/** Maps any thrown value to a JSON error response. No stack traces or SQL leave the server. */
export function errorResponse(e: unknown, requestId: string = randomUUID()): Response {
  let err: AppError;
  if (e instanceof AppError) err = e;
  else if (prismaCode(e) === "P2002") {
    const target = (e as { meta?: { target?: unknown } }).meta?.target;
    err = new AppError(
      "conflict",
      `A record with this ${Array.isArray(target) ? target.join(", ") : "value"} already exists`,
    );
  } else if (prismaCode(e) === "P2025") err = new AppError("not_found", "Not found");
  else if (isDatabaseDown(e)) {
    log("warn", "database unavailable", { requestId, err: (e as Error)?.message });
    err = new AppError("unavailable", "The database is unavailable; try again shortly", { retryAfterSeconds: 5 });
  } else {
    log("error", "unhandled error", { requestId, err: e });
    err = new AppError("internal", `Internal error (reference ${requestId})`);
  }
  const headers: Record<string, string> = { "x-request-id": requestId };
  if (err.extra.retryAfterSeconds) headers["retry-after"] = String(err.extra.retryAfterSeconds);
  return json(
    {
      error: {
        code: err.code,
        message: err.message,
        ...(err.extra.fields ? { fields: err.extra.fields } : {}),
        ...(err.extra.reason ? { reason: err.extra.reason } : {}),
        requestId,
      },
    },
    { status: STATUS[err.code], headers },
  );
}
