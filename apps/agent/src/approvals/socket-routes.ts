import type http from "node:http";
import { z } from "zod";
import type { LoadedBundle } from "../bundle-store";
import { evaluate } from "../evaluate";
import { ApiError } from "../http-client";
import { parseLocalJson } from "../input-limits";
import type { SyncContext } from "../sync";
import { APPROVAL_EXIT, askApproval, reportApprovalUse } from "./ask-approval";
import { breakGlass, checkBreakGlassReason } from "./break-glass";

const ZName = z.string().min(1).max(200);

const ZAskBody = z.object({
  action: z.string().min(1).max(100),
  packages: z.array(ZName).max(500).default([]),
  services: z.array(ZName).max(100).default([]),
  user: ZName,
  sentence: z.string().max(2000).optional(),
  command: z.string().max(4000).optional(),
  reason: z.string().max(2000).optional(),
  timeoutSeconds: z.int().min(0).max(3600).default(300),
  /** proceed without approval in an emergency: the policy must list the action, and a reason is required */
  breakGlass: z.boolean().default(false),
});

const ZUseBody = z.object({
  id: z.uuid(),
  success: z.boolean(),
  executedCommand: z.string().max(4000).optional(),
  detail: z.string().max(2000).optional(),
});

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

class BodyRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super("refused");
  }
}

/** The JSON body within the agent's shared size and nesting limits (input-limits). */
function readBody(req: http.IncomingMessage, max: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners("data");
        req.resume();
        reject(
          new BodyRefused(413, { error: { code: "too_large", message: `request body is larger than ${max} bytes` } }),
        );
      } else chunks.push(c);
    });
    req.on("end", () => {
      const parsed = parseLocalJson(Buffer.concat(chunks).toString("utf8"), max, "(body)", {});
      if (parsed.ok) resolve(parsed.value);
      else
        reject(
          new BodyRefused(parsed.kind === "too_large" ? 413 : 422, {
            error: {
              code: parsed.kind === "too_large" ? "too_large" : "validation",
              message: parsed.message,
              fields: parsed.fields,
            },
          }),
        );
    });
    req.on("error", reject);
  });
}

const fields = (e: z.ZodError) => e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));

/**
 * Socket API for ask-nix (the daemon signs with the device key, which ask-nix cannot read):
 * POST /v1/approvals {action, packages?, services?, user, sentence?, command?, reason?, timeoutSeconds?}
 *   -> 200 {outcome: approved|denied|expired|timeout|offline|refused, exitCode, request?, message?}
 *   once decided (a long request: up to timeoutSeconds); allow/deny from the policy answer at once.
 *   With breakGlass: true (and a reason): {outcome: break_glass, offline, id} at once for an action the
 *   policy lists under approvals.break_glass, else {outcome: refused, exitCode: 1}.
 * POST /v1/approvals/use {id, success, executedCommand?, detail?} -> 200 the request | 409 refused.
 */
export function approvalSocketRoutes(ctx: SyncContext, bundle: () => LoadedBundle | null) {
  return (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    if (req.method !== "POST" || (req.url !== "/v1/approvals" && req.url !== "/v1/approvals/use")) return false;
    const use = req.url === "/v1/approvals/use";
    void readBody(req, 64 * 1024)
      .then(async (raw) => {
        if (use) {
          const p = ZUseBody.safeParse(raw);
          if (!p.success) return send(res, 422, { error: { code: "validation", fields: fields(p.error) } });
          try {
            return send(res, 200, await reportApprovalUse(ctx, p.data));
          } catch (e) {
            if (e instanceof ApiError && e.status < 500)
              return send(res, e.status, { error: { code: e.reason ?? "refused", message: e.message } });
            return send(res, 503, { error: { code: "offline", message: (e as Error).message } });
          }
        }
        const p = ZAskBody.safeParse(raw);
        if (!p.success) return send(res, 422, { error: { code: "validation", fields: fields(p.error) } });
        const b = bundle();
        if (!b) return send(res, 503, { outcome: "no_policy", exitCode: 4 });
        const d = evaluate(b, p.data);
        if (d.decision === "allow" || d.decision === "deny") {
          return send(res, 200, { outcome: d.decision, exitCode: d.exitCode, rule: d.rule, reason: d.reason });
        }
        const { timeoutSeconds, breakGlass: urgent, ...rest } = p.data;
        const ask = { ...rest, decision: d.decision, rule: d.rule, policyVersion: d.policyVersion };
        if (urgent) {
          const bad = checkBreakGlassReason(ask.reason);
          if (bad) return send(res, 422, { error: { code: "validation", fields: [{ path: "reason", message: bad }] } });
          const bg = await breakGlass(ctx, b, { ...ask, reason: ask.reason ?? "" });
          return send(res, 200, { ...bg, exitCode: APPROVAL_EXIT[bg.outcome] });
        }
        const r = await askApproval(ctx, ask, { timeoutSeconds });
        return send(res, 200, { ...r, exitCode: APPROVAL_EXIT[r.outcome] });
      })
      .catch((e: unknown) => {
        if (res.headersSent) return;
        if (e instanceof SyntaxError)
          return send(res, 400, { error: { code: "validation", message: "malformed JSON" } });
        send(res, 500, { error: { code: "internal", message: (e as Error).message } });
      });
    return true;
  };
}
