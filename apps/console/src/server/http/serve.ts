import { env } from "../env";
import { log } from "../log";
import { metrics } from "../metrics/registry";
import { routeLabel } from "../metrics/route-label";
import { requestIdOf } from "./request-meta";
import { errorResponse, toResponse } from "./respond";
import { applyApiHeaders } from "./security-headers";

/**
 * What every route wrapper does around its own checks: a request id (given or new) on the
 * response, the handler's result as a response, any error as JSON with the right status, and one
 * log line per request when `logAs` names it (with the fields the handler adds to `logFields`); the
 * security headers and no-store (security-headers.ts).
 */
export async function serve(
  req: Request,
  logAs: string | null,
  run: (requestId: string, logFields: Record<string, unknown>) => Promise<unknown>,
): Promise<Response> {
  const requestId = requestIdOf(req);
  const started = Date.now();
  const logFields: Record<string, unknown> = {};
  let res: Response;
  try {
    res = toResponse(await run(requestId, logFields));
    res.headers.set("x-request-id", requestId);
  } catch (e) {
    res = errorResponse(e, requestId);
  }
  applyApiHeaders(res.headers, env().PUBLIC_URL);
  const ms = Date.now() - started;
  const path = new URL(req.url).pathname;
  const m = metrics();
  const route = routeLabel(path);
  m.httpRequests.inc({ route, method: req.method, status: String(res.status) });
  m.httpDuration.observe({ route, method: req.method }, ms / 1000);
  if (logAs) log("info", logAs, { requestId, method: req.method, path, status: res.status, ...logFields, ms });
  return res;
}
