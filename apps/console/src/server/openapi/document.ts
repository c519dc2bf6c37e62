import { approvalEndpoints } from "../approvals/openapi-endpoints";
import { auditEndpoints } from "../audit/openapi-endpoints";
import { complianceEndpoints } from "../compliance/openapi-endpoints";
import { dashboardEndpoints } from "../dashboard/openapi-endpoints";
import { noticeEndpoints } from "../notices/openapi-endpoints";
import { notificationEndpoints } from "../notifications/openapi-endpoints";
import { policyEndpoints } from "../policies/openapi-endpoints";
import { scimEndpoints } from "../scim/openapi-endpoints";
import { siemEndpoints } from "../siem/openapi-endpoints";
import { ssoEndpoints } from "../sso/openapi-endpoints";
import { stepUpEndpoints } from "../step-up/openapi-endpoints";
import { webauthnEndpoints } from "../webauthn/openapi-endpoints";
import { buildDocument, type Endpoint } from "./build";
import { coreEndpoints } from "./core-endpoints";

/** Every /api/v1 area adds its endpoint list here. */
const areas: Endpoint[][] = [
  coreEndpoints,
  policyEndpoints,
  auditEndpoints,
  ssoEndpoints,
  complianceEndpoints,
  dashboardEndpoints,
  noticeEndpoints,
  approvalEndpoints,
  scimEndpoints,
  webauthnEndpoints,
  stepUpEndpoints,
  notificationEndpoints,
  siemEndpoints,
];

export function openApiDocument() {
  return buildDocument(areas.flat(), "1.0.0");
}
