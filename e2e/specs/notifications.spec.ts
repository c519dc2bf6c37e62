/**
 * Settings -> Notifications in the browser: an owner sets up the org's mail server (a real SMTP
 * server with STARTTLS and AUTH, started here), sees a field error first, sends a test email that
 * arrives, adds a webhook whose secret is shown once, and reads the delivery log; the page passes
 * axe-core at 375 px and wide. The mail server is removed afterwards so other specs see none.
 */
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";
import { SMTPServer } from "smtp-server";
import { expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { NotificationsPage, SignInPage } from "../pages";

test("an owner configures the mail server, sends a test email and adds a webhook", async ({
  page,
  owner,
  database,
}) => {
  test.setTimeout(120_000);
  const pems = await generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec",
    curve: "P-256",
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }] },
    ],
  });
  const received: { to: string[]; secure: boolean; text: string }[] = [];
  const smtp = new SMTPServer({
    secure: false,
    key: pems.private,
    cert: pems.cert,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth: (a, _s, cb) =>
      a.username === "mailer" && a.password === "e2e-smtp-pass" ? cb(null, { user: a.username }) : cb(new Error("no")),
    onData(stream, session, cb) {
      const parts: Buffer[] = [];
      stream.on("data", (c: Buffer) => parts.push(c));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          text: Buffer.concat(parts).toString("utf8"),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  const port = (smtp.server.address() as AddressInfo).port;
  const { rows } = await database.query<{ orgId: string }>(`SELECT "orgId" FROM "User" WHERE email = $1`, [
    owner.email,
  ]);
  const orgId = rows[0]!.orgId;
  try {
    await new SignInPage(page).signInAs(owner.email, owner.password);
    const n = new NotificationsPage(page);
    await n.goto();
    await expectAccessibleAtWidths(page);

    await n.fillMailServer({
      host: "localhost",
      port: "0",
      user: "mailer",
      password: "e2e-smtp-pass",
      from: "console@example.test",
      ca: pems.cert,
    });
    await n.save();
    await expect(n.mailForm.getByRole("alert")).toContainText("1-65535");
    await n.mailForm.getByRole("spinbutton", { name: "Port" }).fill(String(port));
    await n.save();
    await expect(n.mailForm.getByRole("status")).toHaveText("Saved");
    await expect(n.mailForm.getByLabel("Password (stored; type to replace)")).toHaveValue("");

    await n.testForm.getByLabel("Send a test email to").fill("inbox@example.test");
    await n.testForm.getByRole("button", { name: "Send test email" }).click();
    await expect(n.testForm.getByRole("status")).toContainText(`Sent to inbox@example.test through localhost:${port}`);
    expect(received).toEqual([expect.objectContaining({ to: ["inbox@example.test"], secure: true })]);
    await expect(n.deliveries.getByRole("row").filter({ hasText: "inbox@example.test" })).toContainText("delivered");

    await n.webhookForm.getByLabel("Name").fill("SOAR");
    await n.webhookForm.getByLabel("URL (https://)").fill("file:///etc/passwd");
    await n.webhookForm.getByRole("button", { name: "Add webhook" }).click();
    await expect(n.webhookForm.getByRole("alert")).toContainText("Only https:// URLs");
    await n.webhookForm.getByLabel("URL (https://)").fill("https://hooks.example.test/luminous");
    await n.webhookForm.getByRole("button", { name: "Add webhook" }).click();
    const secret = page.getByLabel("Signing secret");
    await expect(secret).toHaveValue(/^lnxw_/);
    await expect(page.getByRole("table", { name: "Webhook endpoints" })).toContainText("hooks.example.test");
    await expectAccessibleAtWidths(page);
    await page.getByRole("button", { name: "I have stored it" }).click();
    await expect(secret).toBeHidden();
  } finally {
    await database.query(`DELETE FROM "EmailSettings" WHERE "orgId" = $1`, [orgId]);
    await database.query(`DELETE FROM "WebhookEndpoint" WHERE "orgId" = $1`, [orgId]);
    await new Promise<void>((r) => smtp.close(() => r()));
  }
});
