import type { IdentityProvider } from "@luminous/db";
import { recordAuditNow } from "../audit/record-audit";
import { log } from "../log";

/** Why an SSO sign-in was refused: recorded in the audit event, shown to the user only generically. */
export type SsoFailureReason =
  | "bad_signature"
  | "unsigned"
  | "signature_wrapping"
  | "expired"
  | "not_yet_valid"
  | "wrong_audience"
  | "wrong_recipient"
  | "wrong_destination"
  | "wrong_issuer"
  | "replay"
  | "wrong_in_response_to"
  | "idp_initiated_disabled"
  | "unencrypted_assertion"
  | "invalid_response"
  | "idp_error"
  | "state_mismatch"
  | "nonce_mismatch"
  | "oidc_error"
  | "unverified_email"
  | "wrong_hosted_domain"
  | "unknown_user"
  | "ldap_bind_failed"
  | "ldap_unavailable"
  | "ldap_ambiguous_user"
  | "missing_email"
  | "domain_not_allowed"
  | "wrong_org"
  | "deactivated"
  | "no_mapped_role"
  | "idp_disabled"
  /** An existing account's email from an identity not linked to it (new subject or another IdP). */
  | "account_not_linked"
  /** An Owner account through an IdP the owner did not link themselves with a second factor. */
  | "owner_not_linked"
  /** The account's role is above what the IdP's last configurer may grant. */
  | "role_above_idp_limit"
  /** Linking an identity that is already linked to another account. */
  | "identity_linked_elsewhere"
  /** A link request that expired, was used, or was for another IdP. */
  | "link_invalid"
  /** ID token iat / nbf too far in the future. */
  | "clock_skew"
  /** ID token claims of the wrong type or shape. */
  | "invalid_claims"
  | "empty_password";

export class SsoFailure extends Error {
  /** Set once the refusal is in the audit log, so layered callers record it exactly once. */
  recorded = false;
  constructor(
    readonly reason: SsoFailureReason,
    message: string,
    readonly subject?: string,
    /** The console account the refused identity pointed at, told about the attempt. */
    readonly accountId?: string,
  ) {
    super(message);
    this.name = "SsoFailure";
  }
}

export interface SignInMeta {
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** Every refused SSO sign-in is an audit event naming the IdP and the reason. */
export async function recordSsoFailure(
  idp: Pick<IdentityProvider, "id" | "orgId" | "slug" | "name" | "type">,
  meta: SignInMeta,
  failure: SsoFailure,
): Promise<void> {
  if (failure.recorded) return;
  failure.recorded = true;
  log("warn", "sso sign-in refused", { idp: idp.slug, reason: failure.reason, requestId: meta.requestId });
  await recordAuditNow(
    idp.orgId,
    {
      actor: { type: "anonymous", label: failure.subject?.slice(0, 256) ?? null },
      ip: meta.ip,
      userAgent: meta.userAgent,
      requestId: meta.requestId,
    },
    {
      action: "auth.signin",
      outcome: "failure",
      target: { type: "identity_provider", id: idp.id, label: idp.name },
      data: { method: idp.type, idp: idp.slug, reason: failure.reason, detail: failure.message.slice(0, 500) },
    },
  );
}
