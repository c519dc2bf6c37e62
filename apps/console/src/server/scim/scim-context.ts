import type { ScimConfig } from "@luminous/db";
import type { AuditMeta } from "../audit/record-audit";

/** What every SCIM operation receives: the org, its SCIM settings and the audit metadata. */
export interface ScimCtx {
  orgId: string;
  config: ScimConfig;
  meta: AuditMeta;
  requestId: string;
  /** The public base of the SCIM API (PUBLIC_URL + /scim/v2), for meta.location. */
  base: string;
}

export const SCIM_BASE_PATH = "/scim/v2";
