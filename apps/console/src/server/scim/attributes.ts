/**
 * Attribute names a PATCH may name, as the schemas spell them (matched case-insensitively).
 * "enterprise:" entries are the enterprise extension's; ".x" entries are sub-attributes.
 */
const SUB = [
  ".givenName",
  ".familyName",
  ".middleName",
  ".formatted",
  ".value",
  ".type",
  ".primary",
  ".display",
  ".displayName",
];

export const USER_ATTRIBUTES = [
  "userName",
  "externalId",
  "name",
  "displayName",
  "nickName",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "active",
  "emails",
  "phoneNumbers",
  "roles",
  "enterprise:employeeNumber",
  "enterprise:costCenter",
  "enterprise:organization",
  "enterprise:division",
  "enterprise:department",
  "enterprise:manager",
  ...SUB,
] as const;

export const GROUP_ATTRIBUTES = ["displayName", "externalId", "members", ...SUB] as const;
