/**
 * What each refusal reason means and what the admin does about it: shown next to the recent
 * failures on the IdP page (docs/sso.md has the same list). Pure: imported by the UI.
 */
export const SSO_FAILURE_HELP: Record<string, string> = {
  bad_signature: "Signed with a certificate the console does not trust: paste the IdP's current signing certificate.",
  unsigned: "Neither the response nor the assertion is signed: make the IdP sign the assertion (Okta, Entra ID do).",
  signature_wrapping: "The response's structure was tampered with (signature wrapping): refused as an attack.",
  expired: "The assertion is outside its time window: check the IdP's and the console's clocks.",
  not_yet_valid: "The assertion is not yet valid: the IdP's clock is ahead of the console's.",
  wrong_audience: "The Audience is not this console's SP entity id: copy the entity id from this page into the IdP.",
  wrong_recipient: "The Recipient is not this console's ACS URL: copy the ACS URL from this page into the IdP.",
  wrong_destination: "The Destination is not this console's ACS URL: copy the ACS URL from this page into the IdP.",
  wrong_issuer: "The issuer is not the IdP entity id saved here: paste the IdP's metadata again.",
  replay: "This assertion was already used once: a replay, or the browser posted twice.",
  wrong_in_response_to: "The response answers a request this browser did not make (another tab, or an old request).",
  idp_initiated_disabled:
    "Started from the IdP (an Okta tile, Entra ID's 'Test this application') while IdP-initiated sign-in is off.",
  unencrypted_assertion:
    "Encrypted assertions are required but the IdP sent a plain one: turn on encryption in the IdP.",
  invalid_response: "The IdP's answer is not a valid SAML response.",
  idp_error: "The IdP answered with an error status (the user may not be assigned to the app).",
  state_mismatch: "The OIDC state did not match: the sign-in was started in another browser or expired.",
  nonce_mismatch: "The ID token's nonce did not match this sign-in.",
  oidc_error: "The OIDC exchange failed (token endpoint, JWKS or ID token): run Test on this page.",
  unverified_email: "The IdP did not say the email is verified.",
  wrong_hosted_domain: "The Google account is not of the Workspace domain set here.",
  unknown_user: "No such user in the directory.",
  ldap_bind_failed: "Wrong directory password, or the account is locked.",
  ldap_unavailable: "The directory could not be reached: run Test on this page.",
  ldap_ambiguous_user: "The user filter matches more than one directory entry.",
  missing_email: "The IdP sent no email: set the email attribute, or send the email as NameID.",
  domain_not_allowed: "The email's domain is not one of this organisation's domains (Settings).",
  wrong_org: "The account belongs to another organisation.",
  deactivated: "The console account is deactivated.",
  no_mapped_role: "None of the user's groups is mapped and the default role is 'None': map one of the groups below.",
  idp_disabled: "This identity provider is disabled.",
  account_not_linked:
    "An account with this email exists but is not linked to this IdP: its holder links it on Profile.",
  owner_not_linked: "An Owner signs in through an IdP only after linking it themselves.",
  role_above_idp_limit: "The account's role is above what this IdP's configurer may grant.",
  identity_linked_elsewhere: "This IdP identity is already linked to another account.",
  link_invalid: "The link request expired or was for another IdP.",
  clock_skew: "The ID token is issued in the future: check the IdP's clock.",
  invalid_claims: "The ID token's claims have the wrong type or shape.",
  empty_password: "An empty directory password was refused.",
};
