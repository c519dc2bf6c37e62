import { z } from "zod";

export const ZSaveScimSettings = z.object({
  idpId: z.string().uuid("Choose the identity provider SCIM users sign in through"),
  subjectAttribute: z.enum(["userName", "externalId"]).default("userName"),
});
export type TSaveScimSettings = z.infer<typeof ZSaveScimSettings>;
