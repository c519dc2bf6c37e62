import { type AttributeTable, dateColumn, idColumn, nested, textColumn } from "./filter-to-where";

/** What Groups can be filtered on (keys lower-case). */
export const GROUP_FILTERS: AttributeTable = {
  id: idColumn("groupId"),
  displayname: nested("group", textColumn("name", true)),
  externalid: textColumn("externalId", false),
  members: nested("group", nested("memberships", idColumn("userId"), true)),
  "members.value": nested("group", nested("memberships", idColumn("userId"), true)),
  "meta.created": dateColumn("createdAt"),
  "meta.lastmodified": dateColumn("updatedAt"),
};
