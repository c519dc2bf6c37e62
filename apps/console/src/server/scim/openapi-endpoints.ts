import type { Endpoint } from "../openapi/build";
import { ZSaveScimSettings } from "./settings-schemas";

const tag = "SCIM provisioning";

/** The console's SCIM settings. The SCIM 2.0 protocol endpoints themselves (/scim/v2) are listed in docs/scim.md. */
export const scimEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/scim",
    summary: "SCIM settings: base URL, linked identity provider, the token's prefix and last use (never the token)",
    tag,
    permission: "scim.manage",
  },
  {
    method: "put",
    path: "/api/v1/scim",
    summary:
      "Link SCIM to the identity provider its users sign in through, and the subject attribute (also needs idp.configure: Owner)",
    tag,
    permission: "scim.manage",
    body: ZSaveScimSettings,
  },
  {
    method: "post",
    path: "/api/v1/scim/token",
    summary: "Create or rotate the SCIM token (shown once; the previous token stops at once)",
    tag,
    permission: "scim.manage",
    status: 201,
  },
  {
    method: "delete",
    path: "/api/v1/scim/token",
    summary: "Revoke the SCIM token",
    tag,
    permission: "scim.manage",
    status: 204,
  },
];
