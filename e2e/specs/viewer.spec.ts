import { expect, test } from "../fixtures";
import { AcceptInvitePage, GroupsPage, SignInPage, UsersPage } from "../pages";

const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("a viewer sees users and groups without admin controls, and the API refuses their writes", async ({
  page,
  browser,
  baseURL,
  owner,
}) => {
  const id = uniq();
  const viewer = { email: `viewer-${id}@example.test`, name: `Viewer ${id}`, password: `viewer-pass-${id}-long` };

  // The owner invites the viewer in a browser of their own.
  const ownerContext = await browser.newContext({ baseURL });
  const ownerPage = await ownerContext.newPage();
  await new SignInPage(ownerPage).signInAs(owner.email, owner.password);
  const ownerUsers = new UsersPage(ownerPage);
  await ownerUsers.goto();
  const link = await ownerUsers.invite({ ...viewer, role: "Viewer" });
  await ownerContext.close();

  await new AcceptInvitePage(page).accept(link, viewer.password);
  await page.getByRole("link", { name: "Go to sign in" }).click();
  const signIn = new SignInPage(page);
  await signIn.signIn(viewer.email, viewer.password);
  await expect(page).not.toHaveURL(/\/signin/);

  const users = new UsersPage(page);
  await users.goto();
  await expect(users.row("maya.okafor@acme.example")).toBeVisible();
  await expect(users.inviteButton).toHaveCount(0);

  await users.row("maya.okafor@acme.example").getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Maya Okafor");
  await expect(page.getByRole("list", { name: "Group memberships" })).toContainText("Platform Engineering");
  for (const name of ["Save profile", "Change role", "Deactivate", "Add", "Remove"]) {
    await expect(page.getByRole("button", { name, exact: true })).toHaveCount(0);
  }
  await expect(page.getByLabel("Add to group")).toHaveCount(0);

  const groups = new GroupsPage(page);
  await groups.goto();
  await expect(groups.table.getByRole("link", { name: "Developers" })).toBeVisible();
  await expect(groups.createButton).toHaveCount(0);
  const group = await groups.open("Developers");
  await expect(group.members).toContainText("Kenji Watanabe");
  await expect(group.deleteButton).toHaveCount(0);
  await expect(group.memberSearch).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Save group" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Remove/ })).toHaveCount(0);

  // Hiding the buttons is a courtesy; the server is what says no.
  const res = await page.request.post("/api/v1/users", {
    headers: { Origin: baseURL! },
    data: { email: `sneaky-${id}@example.test`, name: "Sneaky", role: "viewer" },
  });
  expect(res.status()).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");
});
