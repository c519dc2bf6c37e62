import { FRAMEWORKS } from "@luminous/compliance";
import { z } from "zod";

const DAY = 86_400_000;
/** SOC 2 Type II periods run 3 to 12 months; a little more is allowed for fiscal years. */
const MAX_DAYS = 400;

const ZDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** A framework over a period: from and to are dates (UTC midnight) or timestamps; to is exclusive. */
export const ZCompliancePeriod = z
  .object({
    framework: z.enum(FRAMEWORKS),
    from: ZDate,
    to: ZDate,
  })
  .transform((v) => ({ framework: v.framework, from: new Date(v.from), to: new Date(v.to) }))
  .superRefine((v, ctx) => {
    if (!(v.from < v.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" });
    else if (v.to.getTime() - v.from.getTime() > MAX_DAYS * DAY)
      ctx.addIssue({ code: "custom", path: ["to"], message: `a period is at most ${MAX_DAYS} days` });
  });
export type TCompliancePeriod = z.output<typeof ZCompliancePeriod>;
