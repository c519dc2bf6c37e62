import { ACTIONS } from "@luminous/policy";
import { z } from "zod";
import { isLockablePath } from "./lockable-paths";
import { ZDescription, ZNote, ZPolicyName } from "./meta-schemas";

export { ZPolicyName };

/** Inputs of the policy operations: one schema each, shared by the route handlers and the forms. */

const ZLockedPaths = z
  .array(z.string().refine(isLockablePath, "is not a section or field of the policy"))
  .max(100)
  .default([])
  .transform((paths) => [...new Set(paths)]);

/** The policy text as YAML or JSON (the shape teams keep in git as security-policy.yaml). */
const ZSource = z.string().max(256 * 1024, "A policy is at most 256 KiB");

export const ZNewVersion = z.object({
  source: ZSource,
  note: ZNote,
  lockedPaths: ZLockedPaths,
});
export type TNewVersion = z.infer<typeof ZNewVersion>;

export const ZCreatePolicy = ZNewVersion.extend({
  name: ZPolicyName,
  description: ZDescription,
});
export type TCreatePolicy = z.infer<typeof ZCreatePolicy>;

export const ZValidatePolicy = z.object({ source: ZSource, lockedPaths: ZLockedPaths });
export type TValidatePolicy = z.infer<typeof ZValidatePolicy>;

export const ZListPolicies = z.object({
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TListPolicies = z.infer<typeof ZListPolicies>;

export const ZDiffQuery = z.object({
  from: z.coerce.number().int().min(1, "Choose a version"),
  to: z.coerce.number().int().min(1, "Choose a version"),
});

const ZUuid = z.string().uuid("Choose one");

export const ZAssignPolicy = z.discriminatedUnion("scope", [
  z.object({ scope: z.literal("org") }),
  z.object({ scope: z.literal("group"), groupId: ZUuid }),
  z.object({ scope: z.literal("device"), deviceId: ZUuid }),
]);
export type TAssignPolicy = z.infer<typeof ZAssignPolicy>;

const ZName = z.string().trim().min(1).max(200);

/**
 * A simulated request: either plain words ("install docker" by alice) or an explicit action.
 * The target is the device or group whose effective policy decides ("org" = the baseline alone).
 */
export const ZSimulate = z
  .object({
    target: z.discriminatedUnion("type", [
      z.object({ type: z.literal("device"), id: ZUuid }),
      z.object({ type: z.literal("group"), id: ZUuid }),
      z.object({ type: z.literal("org") }),
    ]),
    text: z.string().trim().max(500).optional(),
    action: z.enum(ACTIONS).optional(),
    packages: z.array(ZName).max(50).optional(),
    services: z.array(ZName).max(50).optional(),
    user: z.string().trim().max(200).optional(),
  })
  .refine((v) => Boolean(v.text) || Boolean(v.action), {
    message: "Type a request or choose an action",
    path: ["text"],
  });
export type TSimulate = z.infer<typeof ZSimulate>;
