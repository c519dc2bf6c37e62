import { z } from "zod";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** Entra ID sends booleans as the strings "True" and "False". */
export const ZScimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .regex(/^(true|false)$/i, 'must be true or false (or the strings "True" / "False")')
    .transform((s) => s.toLowerCase() === "true"),
]);

const str = (max: number) => z.string().trim().max(max);
const optStr = (max = 256) => str(max).optional().nullable();

const ZMultiValue = z.object({
  value: str(320),
  type: optStr(64),
  primary: ZScimBoolean.optional().nullable(),
  display: optStr(),
});

const ZEnterprise = z.object({
  employeeNumber: optStr(),
  costCenter: optStr(),
  organization: optStr(),
  division: optStr(),
  department: optStr(),
  manager: z
    .union([
      z.object({ value: optStr(), displayName: optStr(), $ref: optStr(1024) }),
      // Some clients send the manager's id as a plain string.
      str(256).transform((value) => ({ value })),
    ])
    .optional()
    .nullable(),
});

/** A SCIM User as POST and PUT send it, and as a PATCH leaves it (read-only attributes ignored). */
export const ZScimUser = z.object({
  schemas: z.array(z.string().max(256)).max(10).optional(),
  userName: str(256).min(1, "userName is required"),
  externalId: optStr(),
  name: z
    .object({
      formatted: optStr(),
      familyName: optStr(),
      givenName: optStr(),
      middleName: optStr(),
      honorificPrefix: optStr(64),
      honorificSuffix: optStr(64),
    })
    .optional()
    .nullable(),
  displayName: optStr(),
  nickName: optStr(),
  title: optStr(),
  userType: optStr(64),
  preferredLanguage: optStr(64),
  locale: optStr(64),
  timezone: optStr(64),
  active: ZScimBoolean.default(true),
  emails: z.array(ZMultiValue).max(20).optional().nullable(),
  phoneNumbers: z.array(ZMultiValue).max(20).optional().nullable(),
  roles: z.array(z.unknown()).max(20).optional().nullable(),
  [ENTERPRISE_SCHEMA]: ZEnterprise.optional().nullable(),
});
export type TScimUser = z.infer<typeof ZScimUser>;

export const ZScimMember = z.object({
  value: str(64).min(1, "members[].value is required"),
  display: optStr(),
  $ref: optStr(1024),
  type: optStr(16),
});

export const ZScimGroup = z.object({
  schemas: z.array(z.string().max(256)).max(10).optional(),
  displayName: str(120).min(1, "displayName is required"),
  externalId: optStr(),
  members: z.array(ZScimMember).max(20_000).optional().nullable(),
});
export type TScimGroup = z.infer<typeof ZScimGroup>;

export const ZPatchOp = z.object({
  op: z.string().regex(/^(add|replace|remove)$/i, "op must be add, replace or remove"),
  path: z.string().max(512).optional().nullable(),
  value: z.unknown().optional(),
});

export const ZPatchRequest = z.object({
  schemas: z.array(z.string()).refine((s) => s.includes(PATCH_SCHEMA), `schemas must include ${PATCH_SCHEMA}`),
  Operations: z.array(ZPatchOp).min(1, "Operations must not be empty").max(1000),
});
export type TPatchRequest = z.infer<typeof ZPatchRequest>;

export const ZListQuery = z.object({
  filter: z.string().optional(),
  startIndex: z.coerce.number().int().catch(1).default(1),
  count: z.coerce.number().int().catch(100).default(100),
  excludedAttributes: z.string().max(512).optional(),
  attributes: z.string().max(512).optional(),
});
export type TListQuery = z.infer<typeof ZListQuery>;
