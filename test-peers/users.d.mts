export interface IdpUser {
  username: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
  /** Claims that override the IdP's own (OIDC); a key set to undefined is left out. */
  claims?: Record<string, unknown>;
}
export const IDP_DOMAIN: string;
export const IDP_USERS: IdpUser[];
