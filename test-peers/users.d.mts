export interface IdpUser {
  username: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
}
export const IDP_DOMAIN: string;
export const IDP_USERS: IdpUser[];
