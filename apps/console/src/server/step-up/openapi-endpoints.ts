import type { Endpoint } from "../openapi/build";
import { ZSecondFactorProof } from "../webauthn/schemas";
import { ZStepUpSettings } from "./schemas";

/** Step-up: a fresh second factor before the console's sensitive actions (docs/step-up.md). */
export const stepUpEndpoints: Endpoint[] = [
  {
    method: "get",
    path: "/api/v1/me/step-up",
    summary: "Whether the org requires step-up, whether this session's is fresh and until when, and my factors",
    tag: "Step-up",
    permission: null,
  },
  {
    method: "post",
    path: "/api/v1/me/step-up",
    summary:
      "Prove a fresh second factor for this console session: a TOTP or recovery code, or a security-key assertion. API tokens cannot step up",
    tag: "Step-up",
    permission: null,
    body: ZSecondFactorProof,
  },
  {
    method: "get",
    path: "/api/v1/settings/step-up",
    summary: "The org's step-up setting: minutes a second factor stays fresh for sensitive actions, or null (off)",
    tag: "Step-up",
    permission: "settings.read",
  },
  {
    method: "put",
    path: "/api/v1/settings/step-up",
    summary:
      "Turn step-up on (1-60 minutes), change it or turn it off (null); audited. While on, changing it needs a step-up itself",
    tag: "Step-up",
    permission: "settings.update",
    body: ZStepUpSettings,
  },
];
