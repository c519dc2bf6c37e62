import { z } from "zod";
import type { TPermission } from "../auth/permissions";

/** A small builder so each area declares its endpoints next to its schemas' names. */
export interface Endpoint {
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  summary: string;
  tag: string;
  permission: TPermission | null;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** HTTP status of success */
  status?: number;
  responseDescription?: string;
}

function jsonSchema(s: z.ZodType): unknown {
  return z.toJSONSchema(s, { io: "input", unrepresentable: "any" });
}

const ERROR = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message", "requestId"],
      properties: {
        code: {
          type: "string",
          enum: [
            "validation",
            "unauthenticated",
            "forbidden",
            "step_up_required",
            "not_found",
            "conflict",
            "too_large",
            "rate_limited",
            "unavailable",
            "internal",
          ],
        },
        message: { type: "string" },
        fields: {
          type: "array",
          items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } },
        },
        requestId: { type: "string" },
      },
    },
  },
};

export function buildDocument(endpoints: Endpoint[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of endpoints) {
    const params = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const query = e.query
      ? Object.entries(e.query.shape).map(([name, s]) => ({
          name,
          in: "query",
          required: false,
          schema: jsonSchema(s as z.ZodType),
        }))
      : [];
    const op: Record<string, unknown> = {
      summary: e.summary,
      tags: [e.tag],
      description: e.permission
        ? `Requires the permission \`${e.permission}\`.`
        : "Any signed-in user, for themselves.",
      parameters: [...params, ...query],
      responses: {
        [String(e.status ?? 200)]: { description: e.responseDescription ?? "Success" },
        "401": { description: "Not signed in or token invalid", content: { "application/json": { schema: ERROR } } },
        "403": {
          description: "Forbidden (recorded in the audit log)",
          content: { "application/json": { schema: ERROR } },
        },
        "404": {
          description: "Not found (also for another organisation's ids)",
          content: { "application/json": { schema: ERROR } },
        },
        "422": {
          description: "Invalid input; `fields` names each problem",
          content: { "application/json": { schema: ERROR } },
        },
      },
    };
    if (e.body) op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(e.body) } } };
    paths[e.path] ??= {};
    paths[e.path]![e.method] = op;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Luminous Console admin API",
      version,
      description:
        "Automation API for Luminous Console. Authenticate with a personal API token (`Authorization: Bearer lnx_pat_...`) created on the profile page; it acts with its creator's role and every call is audited.",
    },
    servers: [{ url: "/" }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
