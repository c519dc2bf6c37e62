import { z } from "zod";

/**
 * The policy inputs a browser form checks itself (no @luminous/policy import, which carries
 * node:crypto): the handlers' schemas in schemas.ts are built from these same objects. The policy
 * text itself is validated by the server (POST /api/v1/policies/validate) as the admin types.
 */
export const ZPolicyName = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(80, "Use at most 80 characters")
  .regex(/^[\p{L}\p{N} _.()-]+$/u, "Use letters, digits, spaces, '.', '_', '-' or parentheses");

export const ZNote = z.string().trim().min(1, "Say what changed and why").max(2000, "Use at most 2000 characters");

export const ZDescription = z.string().trim().max(500, "Use at most 500 characters").default("");

export const ZVersionMeta = z.object({ note: ZNote });
export const ZPolicyMeta = z.object({ name: ZPolicyName, description: ZDescription, note: ZNote });
