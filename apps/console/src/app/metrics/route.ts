import { clientIp } from "@/server/http/request-meta";
import { serve } from "@/server/http/serve";
import { exposeMetrics } from "@/server/metrics/expose-metrics";
import { checkScrapeAccess, METRICS_LISTENER_HEADER } from "@/server/metrics/metrics-access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Prometheus scrape endpoint (text exposition format); who may scrape: metrics-access.ts. */
export const GET = (req: Request) =>
  serve(req, null, async () => {
    checkScrapeAccess({
      authorization: req.headers.get("authorization"),
      address: clientIp(req),
      listenerSecret: req.headers.get(METRICS_LISTENER_HEADER),
    });
    const { contentType, body } = await exposeMetrics();
    return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
  });
