import { ScimError as PatchLibError, type ScimPatchOperation, scimPatch } from "scim-patch";
import { assertPlainKeys, parseScim } from "./parse-scim";
import { ZPatchRequest } from "./schemas";
import { ScimError, type ScimType } from "./scim-error";

const ENTERPRISE_PREFIX = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:";

/**
 * Applies a PATCH request (RFC 7644 section 3.5.2) to a SCIM document with scim-patch, after
 * making the operations Okta and Entra ID send regular: `op` in any case ("Replace"), attribute
 * names in any case (they are case-insensitive), and Entra's operations without a `path` whose
 * value holds "name.givenName" or enterprise-URN keys. String booleans ("False") are left to the
 * schema, which reads them after the patch. Attributes outside `known` are `invalidPath`.
 */
export function applyPatch(
  doc: Record<string, unknown>,
  body: unknown,
  known: readonly string[],
): Record<string, unknown> {
  assertPlainKeys(body);
  const req = parseScim(ZPatchRequest, body);
  const names = new Map(known.map((k) => [k.toLowerCase(), k.replace(/^enterprise:/, "")]));
  const ops = req.Operations.map((o) => {
    const op = o.op.toLowerCase() as "add" | "replace" | "remove";
    const path = o.path?.trim() ? canonicalPath(o.path.trim(), names) : undefined;
    let value = o.value;
    if (!path && value !== null && typeof value === "object" && !Array.isArray(value)) {
      value = Object.fromEntries(Object.entries(value).map(([k, v]) => [canonicalPath(k, names), v]));
    }
    if (!path && op === "remove") throw new ScimError(400, "A remove operation needs a path", "noTarget");
    if (!path && (value === null || typeof value !== "object" || Array.isArray(value))) {
      throw new ScimError(400, `An ${op} operation without a path needs an object value`, "invalidValue");
    }
    return { op, ...(path ? { path } : {}), ...(value !== undefined ? { value } : {}) } as ScimPatchOperation;
  });
  try {
    // scim-patch types its document as a full resource (schemas, meta); it reads neither.
    const target = structuredClone(doc) as unknown as Parameters<typeof scimPatch>[0];
    return scimPatch(target, ops, { mutateDocument: true, treatMissingAsAdd: true }) as unknown as Record<
      string,
      unknown
    >;
  } catch (e) {
    if (e instanceof PatchLibError) {
      const type = (e as PatchLibError & { scimCode?: string }).scimCode;
      throw new ScimError(400, e.message, type === "noTarget" ? "noTarget" : ("invalidValue" as ScimType));
    }
    throw e;
  }
}

/** The path with its attribute names spelled as the schema spells them. */
function canonicalPath(path: string, names: Map<string, string>): string {
  if (/__proto__|constructor|prototype/i.test(path)) {
    throw new ScimError(400, `The path "${path.slice(0, 80)}" is not allowed`, "invalidPath");
  }
  let rest = path.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/i, "");
  let prefix = "";
  if (rest.toLowerCase().startsWith(ENTERPRISE_PREFIX)) {
    prefix = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
    rest = rest.slice(ENTERPRISE_PREFIX.length);
  }
  const m = /^([A-Za-z$][\w$-]*)(.*)$/s.exec(rest);
  const canonical = m ? names.get(`${prefix ? "enterprise:" : ""}${m[1]!.toLowerCase()}`) : undefined;
  if (!m || !canonical)
    throw new ScimError(400, `The attribute "${path.slice(0, 80)}" is not supported`, "invalidPath");
  // A sub-attribute after a dot keeps the client's spelling unless it is a known one; a value
  // filter in brackets is left exactly as sent (its strings are values).
  const rest2 = m[2]!;
  const close = rest2.lastIndexOf("]");
  const filter = close >= 0 ? rest2.slice(0, close + 1) : "";
  const after = (close >= 0 ? rest2.slice(close + 1) : rest2).replace(
    /\.([A-Za-z]\w*)/g,
    (_all, sub: string) => `.${names.get(`.${sub.toLowerCase()}`)?.slice(1) ?? sub}`,
  );
  return `${prefix}${canonical}${filter}${after}`;
}
