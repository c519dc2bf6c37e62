import { z } from "zod";

export const ZListDevices = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(["online", "stale", "offline", "revoked"]).optional(),
  /** behind: has not applied the newest bundle issued to it; expired: its newest bundle is past expiry. */
  policy: z.enum(["behind", "expired"]).optional(),
  groupId: z.string().uuid().optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(25),
});
export type TListDevices = z.infer<typeof ZListDevices>;
