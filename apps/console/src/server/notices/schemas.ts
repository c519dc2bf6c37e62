import { z } from "zod";

/** A console path: one leading "/", not "//" or "/\" (which browsers read as another host). */
const ZConsolePath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s\\]*$/, "A link must be a path inside the console, starting with a single /");

/** What a domain operation tells a user. Titles are short; the body says what happened and what to do. */
export const ZNoticeInput = z.object({
  kind: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_.-]{0,79}$/, "kind: lowercase words separated by dots"),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(4000),
  link: ZConsolePath.optional(),
});
export type TNoticeInput = z.input<typeof ZNoticeInput>;

export const ZListNotices = z.object({
  unread: z.enum(["true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Mark some notices (by id) or every unread one as read. */
export const ZMarkNoticesRead = z.union([
  z.object({ ids: z.array(z.string().uuid("ids: each must be a notice id")).min(1).max(200) }),
  z.object({ all: z.literal(true) }),
]);
export type TMarkNoticesRead = z.infer<typeof ZMarkNoticesRead>;
