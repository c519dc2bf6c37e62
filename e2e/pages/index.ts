export { AcceptInvitePage } from "./accept-invite-page";
export { ApprovalsPage } from "./approvals-page";
export { AuditPage, type ExportFormat } from "./audit-page";
export { CompliancePage } from "./compliance-page";
export { DashboardPage } from "./dashboard-page";
export { GroupPage, GroupsPage } from "./groups-page";
export { SignInPage } from "./sign-in-page";
export { IdentityProvidersPage, IdpLoginPage, SsoSignInPage } from "./sso-pages";
export { type Invitee, UsersPage } from "./users-page";
