import { z } from "zod";

export const STEP_UP_MIN_MINUTES = 1;
export const STEP_UP_MAX_MINUTES = 60;

/** The org's step-up setting: minutes a proved second factor stays fresh, or null for off. */
export const ZStepUpSettings = z.object({
  minutes: z
    .number()
    .int("Whole minutes")
    .min(STEP_UP_MIN_MINUTES, `At least ${STEP_UP_MIN_MINUTES} minute`)
    .max(STEP_UP_MAX_MINUTES, `At most ${STEP_UP_MAX_MINUTES} minutes`)
    .nullable(),
});
export type TStepUpSettings = z.infer<typeof ZStepUpSettings>;

/** The console's sensitive actions that need a step-up when the setting is on (docs/step-up.md). */
export const STEP_UP_ACTIONS = {
  "policy.publish": "publish a policy",
  "signingkey.rotate": "rotate the signing key",
  "idp.create": "add an identity provider",
  "idp.update": "change an identity provider",
  "idp.delete": "delete an identity provider",
  "idp.enable": "turn an identity provider on or off",
  "idp.mappings.update": "change an identity provider's group mappings",
  "user.role.change": "make someone an Admin or Owner",
  "user.create": "invite someone as an Admin or Owner",
  "audit.export": "export the audit trail",
  "compliance.package": "download an evidence package with the audit trail",
  "settings.step_up.update": "change the step-up setting",
  "user.webauthn.register": "add another second factor",
  "user.mfa.enable": "add another second factor",
} as const;
export type TStepUpAction = keyof typeof STEP_UP_ACTIONS;

/** The step-up dialog's code field (a TOTP or recovery code). */
export const ZStepUpCode = z.object({
  code: z.string().trim().min(1, "Enter the code from your authenticator app (or a recovery code)").max(64),
});

/** The Settings form: a switch and the minutes, sent as ZStepUpSettings. */
export const ZStepUpForm = z.object({
  enabled: z.boolean(),
  minutes: z.coerce
    .number({ error: "Enter a number of minutes" })
    .int("Whole minutes")
    .min(STEP_UP_MIN_MINUTES, `At least ${STEP_UP_MIN_MINUTES} minute`)
    .max(STEP_UP_MAX_MINUTES, `At most ${STEP_UP_MAX_MINUTES} minutes`),
});
