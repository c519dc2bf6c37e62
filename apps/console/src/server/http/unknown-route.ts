import { AppError } from "./errors";
import { serve } from "./serve";

/** The answer for an /api path that no route handler serves (404 JSON, request id, API headers). */
export function unknownApiRoute(req: Request): Promise<Response> {
  return serve(req, "unknown api route", async () => {
    throw new AppError("not_found", `No API route ${req.method} ${new URL(req.url).pathname}`);
  });
}
