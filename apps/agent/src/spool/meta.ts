import { z } from "zod";

/** spool/meta.json: what the console acknowledged, and the chain head once its segment is gone. */
export const ZSpoolMeta = z.object({
  ackedThrough: z.int().min(0).default(0),
  ackedAhead: z.array(z.int().min(1)).default([]),
  head: z
    .object({ seq: z.int().min(1), hash: z.string() })
    .nullable()
    .default(null),
});
