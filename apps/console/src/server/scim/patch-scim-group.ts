import { applyPatch } from "./apply-patch";
import { GROUP_ATTRIBUTES } from "./attributes";
import { parseScim } from "./parse-scim";
import { writeScimGroup } from "./replace-scim-group";
import { ZScimGroup } from "./schemas";
import type { ScimCtx } from "./scim-context";

/** Members are compared by `value` alone: a remove naming `display` too still removes the member. */
function membersByValue(body: Record<string, unknown>): Record<string, unknown> {
  const ops = Array.isArray(body.Operations) ? body.Operations : [];
  const only = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) && "value" in v ? { value: (v as { value: unknown }).value } : v;
  return {
    ...body,
    Operations: ops.map((o: unknown) => {
      if (!o || typeof o !== "object") return o;
      const op = o as { path?: unknown; value?: unknown };
      if (typeof op.path !== "string" || op.path.trim().toLowerCase() !== "members") return o;
      return { ...op, value: Array.isArray(op.value) ? op.value.map(only) : only(op.value) };
    }),
  };
}

/**
 * PATCH /Groups/{id}: displayName, externalId and members (`members` add / remove with a value
 * list, `members[value eq "..."]` remove, a replace of the whole list), as Okta and Entra ID send.
 */
export function patchScimGroup(ctx: ScimCtx, req: Request, id: string, body: Record<string, unknown>) {
  return writeScimGroup(ctx, req, id, (current) =>
    parseScim(ZScimGroup, applyPatch(current, membersByValue(body), GROUP_ATTRIBUTES)),
  );
}
