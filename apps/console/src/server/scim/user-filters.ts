import {
  type AttributeFilter,
  type AttributeTable,
  booleanColumn,
  dateColumn,
  idColumn,
  nested,
  textColumn,
} from "./filter-to-where";
import { scimBad } from "./scim-error";

/** A string inside the stored SCIM document (`resource`), compared case-sensitively. */
function documentText(path: string[]): AttributeFilter {
  return (op, value) => {
    if (op === "pr") return { resource: { path, not: "null" } };
    if (typeof value !== "string") throw scimBad("invalidFilter", `${path.join(".")} is compared with a string`);
    const p = { eq: "equals", co: "string_contains", sw: "string_starts_with", ew: "string_ends_with" }[op as string];
    if (op === "ne") return { NOT: { resource: { path, equals: value } } };
    if (!p) throw scimBad("invalidFilter", `${path.join(".")} cannot be compared with ${op}`);
    return { resource: { path, [p]: value } };
  };
}

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user";
/** The console keeps one email per account, the work one: `type` and `primary` match it. */
const anyEmail: AttributeFilter = () => ({});

/** What Users can be filtered on (keys lower-case: SCIM attribute names are case-insensitive). */
export const USER_FILTERS: AttributeTable = {
  id: idColumn("userId"),
  username: textColumn("userName", true),
  externalid: textColumn("externalId", false),
  displayname: textColumn("displayName", true),
  active: booleanColumn("active"),
  emails: nested("user", textColumn("email", true)),
  "emails.value": nested("user", textColumn("email", true)),
  "emails.type": anyEmail,
  "emails.primary": anyEmail,
  title: documentText(["title"]),
  nickname: documentText(["nickName"]),
  "name.givenname": documentText(["name", "givenName"]),
  "name.familyname": documentText(["name", "familyName"]),
  "meta.created": dateColumn("createdAt"),
  "meta.lastmodified": dateColumn("updatedAt"),
  [`${ENTERPRISE}:department`]: textColumn("department", true),
  [`${ENTERPRISE}:manager`]: textColumn("managerId", false),
  [`${ENTERPRISE}:manager.value`]: textColumn("managerId", false),
  [`${ENTERPRISE}:employeenumber`]: documentText([
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "employeeNumber",
  ]),
};
