export { AcceptInvitePage } from "./accept-invite-page";
export { GroupPage, GroupsPage } from "./groups-page";
export { SignInPage } from "./sign-in-page";
export { type Invitee, UsersPage } from "./users-page";
