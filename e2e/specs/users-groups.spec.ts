import { expect, test } from "../fixtures";
import { AcceptInvitePage, GroupsPage, SignInPage, UsersPage } from "../pages";

const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("a wrong password is refused with a message", async ({ page, owner }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(owner.email, "definitely-not-the-password");
  await expect(signIn.error).toContainText("Invalid email or password");
  await expect(page).toHaveURL(/\/signin/);
});

test("the owner invites a user, adds them to a group, and the audit log records both", async ({ page, owner }) => {
  const id = uniq();
  const invitee = { email: `invitee-${id}@example.test`, name: `Invitee ${id}`, role: "Helpdesk" };
  const groupName = `E2E group ${id}`;

  await new SignInPage(page).signInAs(owner.email, owner.password);

  const users = new UsersPage(page);
  await users.goto();
  const link = await users.invite(invitee);
  expect(link).toMatch(/\/invite\?token=/);
  await users.find(invitee.email);
  await expect(users.row(invitee.email)).toContainText("Invite pending");
  await expect(users.row(invitee.email)).toContainText("Helpdesk");

  const groups = new GroupsPage(page);
  await groups.goto();
  const group = await groups.create(groupName, "Made by the e2e suite");
  await group.addMember(invitee.email, invitee.name);

  // The user's own page lists the new membership.
  await group.members.getByRole("link", { name: invitee.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(invitee.name);
  await expect(page.getByRole("list", { name: "Group memberships" })).toContainText(groupName);

  // The audit log page shows both events, filtered by action the way an admin would look them up.
  await page.goto("/audit?action=user.create");
  await expect(
    page.getByRole("row").filter({ hasText: "user.create" }).filter({ hasText: invitee.email }).first(),
  ).toBeVisible();
  await page.goto("/audit?action=group.member.add");
  await expect(
    page.getByRole("row").filter({ hasText: "group.member.add" }).filter({ hasText: groupName }).first(),
  ).toBeVisible();
});

test("an invitation link sets a password once and is refused after that", async ({ page, browser, baseURL, owner }) => {
  const id = uniq();
  const invitee = { email: `once-${id}@example.test`, name: `Once ${id}`, password: `first-password-${id}` };
  const admin = await browser.newContext({ baseURL });
  const adminPage = await admin.newPage();
  await new SignInPage(adminPage).signInAs(owner.email, owner.password);
  const users = new UsersPage(adminPage);
  await users.goto();
  const link = await users.invite(invitee);
  await admin.close();

  const accept = new AcceptInvitePage(page);
  await accept.accept(link, invitee.password);
  await accept.open(link);
  await expect(accept.problem).toContainText("invalid or has expired");
  await expect(accept.password).toHaveCount(0);
});
