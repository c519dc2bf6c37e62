import { env } from "../env";
import { MAX_PAGE } from "./list-page";
import { FILTER_LIMITS } from "./parse-filter";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from "./schemas";
import type { ScimCtx } from "./scim-context";
import { ScimError } from "./scim-error";

/** The service provider's discovery documents (RFC 7644 section 4): what this server supports. */
export function serviceProviderConfig(ctx: ScimCtx) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${env().PUBLIC_URL.replace(/\/$/, "")}/docs/scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "Bearer token",
        description: `The organisation's SCIM token from Settings > SCIM provisioning (filters up to ${FILTER_LIMITS.maxLength} characters)`,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${ctx.base}/ServiceProviderConfig` },
  };
}

const RESOURCE_TYPES = (base: string) => [
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "User",
    name: "User",
    endpoint: "/Users",
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
  },
  {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    schema: GROUP_SCHEMA,
    meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
  },
];

type Attr = {
  name: string;
  type?: string;
  multiValued?: boolean;
  required?: boolean;
  subAttributes?: Attr[];
  mutability?: string;
  uniqueness?: string;
  caseExact?: boolean;
};

const attr = (a: Attr): Record<string, unknown> => ({
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...a,
  ...(a.subAttributes ? { type: "complex", subAttributes: a.subAttributes.map(attr) } : {}),
});

const multi = (name: string) =>
  attr({
    name,
    multiValued: true,
    subAttributes: [{ name: "value" }, { name: "type" }, { name: "primary", type: "boolean" }, { name: "display" }],
  });

const SCHEMAS = (base: string) =>
  [
    {
      id: USER_SCHEMA,
      name: "User",
      description: "User account",
      attributes: [
        attr({ name: "userName", required: true, uniqueness: "server" }),
        attr({ name: "externalId", caseExact: true }),
        attr({
          name: "name",
          subAttributes: [
            "formatted",
            "familyName",
            "givenName",
            "middleName",
            "honorificPrefix",
            "honorificSuffix",
          ].map((name) => ({ name })),
        }),
        ...["displayName", "nickName", "title", "userType", "preferredLanguage", "locale", "timezone"].map((name) =>
          attr({ name }),
        ),
        attr({ name: "active", type: "boolean" }),
        multi("emails"),
        multi("phoneNumbers"),
        attr({
          name: "groups",
          multiValued: true,
          mutability: "readOnly",
          subAttributes: [{ name: "value" }, { name: "display" }],
        }),
      ],
    },
    {
      id: ENTERPRISE_SCHEMA,
      name: "EnterpriseUser",
      description: "Enterprise user",
      attributes: [
        ...["employeeNumber", "costCenter", "organization", "division", "department"].map((name) => attr({ name })),
        attr({ name: "manager", subAttributes: [{ name: "value" }, { name: "displayName", mutability: "readOnly" }] }),
      ],
    },
    {
      id: GROUP_SCHEMA,
      name: "Group",
      description: "Group; its displayName is the group name the identity provider's role mappings match",
      attributes: [
        attr({ name: "displayName", required: true, uniqueness: "server" }),
        attr({ name: "externalId", caseExact: true }),
        attr({ name: "members", multiValued: true, subAttributes: [{ name: "value" }, { name: "display" }] }),
      ],
    },
  ].map((s) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    ...s,
    meta: { resourceType: "Schema", location: `${base}/Schemas/${s.id}` },
  }));

function list(resources: unknown[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: resources.length,
    startIndex: 1,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

export const resourceTypes = (ctx: ScimCtx) => list(RESOURCE_TYPES(ctx.base));
export const schemas = (ctx: ScimCtx) => list(SCHEMAS(ctx.base));

export function resourceType(ctx: ScimCtx, id: string) {
  const t = RESOURCE_TYPES(ctx.base).find((r) => r.id === id);
  if (!t) throw new ScimError(404, `ResourceType ${id} not found`);
  return t;
}

export function schema(ctx: ScimCtx, id: string) {
  const s = SCHEMAS(ctx.base).find((r) => r.id === id);
  if (!s) throw new ScimError(404, `Schema ${id} not found`);
  return s;
}
