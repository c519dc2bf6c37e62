/**
 * Request bodies shaped exactly as Okta's and Entra ID's published SCIM 2.0 provisioning examples
 * (Okta: "SCIM 2.0 protocol reference" / "Build a SCIM provisioning integration"; Entra ID:
 * "Tutorial: Develop and plan provisioning for a SCIM endpoint", request/response examples),
 * with only the identifiers changed per test.
 */
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/** Okta: POST /Users (create user). */
export const oktaCreateUser = (userName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: userName, type: "work" }],
  displayName: "Test User",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "1mz050nq",
  active: true,
});

/** Okta: PATCH /Users/{id} deactivating (and reactivating) a user. */
export const oktaSetActive = (active: boolean) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "replace", value: { active } }],
});

/** Okta: PATCH /Groups/{id} adding members. */
export const oktaAddMembers = (members: { value: string; display: string }[]) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "add", path: "members", value: members }],
});

/** Okta: PATCH /Groups/{id} removing one member. */
export const oktaRemoveMember = (id: string) => ({
  schemas: [PATCH_OP],
  Operations: [{ op: "remove", path: `members[value eq "${id}"]` }],
});

/** Okta: POST /Groups. */
export const oktaCreateGroup = (displayName: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
  displayName,
  members: [],
});

/** Entra ID: POST /Users (create user), enterprise extension included. */
export const entraCreateUser = (userName: string, mailNickname: string) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  externalId: mailNickname,
  userName,
  active: true,
  emails: [{ primary: true, type: "work", value: userName }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
  [ENTERPRISE]: { department: "Engineering", manager: { value: "ed1d9b68-7b76-4c72-9f1f-6f29f7a2bc9c" } },
});

/** Entra ID: PATCH /Users/{id} with several operations, "Replace"/"Add" capitalised. */
export const entraUpdateUser = (email: string) => ({
  schemas: [PATCH_OP],
  Operations: [
    { op: "Replace", path: "displayName", value: "Ryan Leenay" },
    { op: "Add", path: 'emails[type eq "work"].value', value: email },
    { op: "Replace", path: "name.familyName", value: "Leenay" },
  ],
});

/** Entra ID: PATCH without a path (attribute names and the enterprise URN as keys). */
export const entraPatchWithoutPath = {
  schemas: [PATCH_OP],
  Operations: [
    {
      op: "Add",
      value: {
        "name.givenName": "Ryan",
        [`${ENTERPRISE}:department`]: "Sales",
        nickName: "ryanl",
      },
    },
  ],
};

/** Entra ID: PATCH /Users/{id} disabling a user, with its string boolean. */
export const entraDisable = {
  schemas: [PATCH_OP],
  Operations: [{ op: "Replace", path: "active", value: "False" }],
};

/** Entra ID: PATCH /Groups/{id} adding / removing members. */
export const entraMembers = (op: "Add" | "Remove", ids: string[]) => ({
  schemas: [PATCH_OP],
  Operations: [{ op, path: "members", value: ids.map((value) => ({ value })) }],
});

/** Entra ID: POST /Groups. */
export const entraCreateGroup = (displayName: string, externalId: string) => ({
  schemas: [
    "urn:ietf:params:scim:schemas:core:2.0:Group",
    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
  ],
  externalId,
  displayName,
  meta: { resourceType: "Group" },
});
