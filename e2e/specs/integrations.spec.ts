import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expectAccessibleAtWidths } from "../a11y";
import { expect, test } from "../fixtures";
import { SignInPage } from "../pages";

/** A webhook receiver that checks the console's HMAC-SHA256 signature the way a SIEM pipeline would. */
async function webhookReceiver(secret: string) {
  const got: { verified: boolean; events: { id: string; type: string }[] }[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const ts = String(req.headers["x-luminous-timestamp"]);
      const want = `v1=${createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex")}`;
      got.push({ verified: req.headers["x-luminous-signature"] === want, events: JSON.parse(body).events });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => server.close() };
}

test("an owner adds a signed webhook destination, sends a test event the receiver verifies, and sees a failing destination's reason", async ({
  page,
  owner,
}) => {
  test.setTimeout(120_000);
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const secret = `e2e-secret-${id}-0123456789`;
  const receiver = await webhookReceiver(secret);
  try {
    await new SignInPage(page).signInAs(owner.email, owner.password);
    await page.goto("/settings");
    await page.getByRole("link", { name: "SIEM forwarding" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Integrations");

    const form = page.getByRole("form", { name: "Add a destination" });
    await form.getByLabel("Name").fill(`Hook ${id}`);
    await form.getByLabel(/^Destination type/).selectOption("webhook");
    await form.getByLabel("URL").fill(receiver.url);
    await form.getByRole("button", { name: "Add destination" }).click();
    await expect(form.getByText("must be at least 16 characters", { exact: true })).toBeVisible();
    await form.getByLabel(/Signing secret/).fill(secret);
    await form.getByRole("button", { name: "Add destination" }).click();

    const card = page.getByRole("article", { name: `Hook ${id}` });
    await expect(card).toBeVisible();
    await expect(card.getByText("Nothing sent yet")).toBeVisible();
    await card.getByRole("button", { name: "Send test event" }).click();
    await expect(card.getByRole("status")).toContainText("Test event");
    await expect(card.getByRole("status")).toContainText("sent in");
    expect(receiver.got).toHaveLength(1);
    expect(receiver.got[0]).toMatchObject({ verified: true, events: [{ type: "siem_test" }] });
    await expect(page.locator("body")).not.toContainText(secret);

    // A destination nothing listens on: the test event says why it was not taken.
    const closed = receiver.url.replace(/:\d+\//, ":9/");
    await form.getByLabel("Name").fill(`Down ${id}`);
    await form.getByLabel(/^Destination type/).selectOption("webhook");
    await form.getByLabel("URL").fill(closed);
    await form.getByLabel(/Signing secret/).fill(secret);
    await form.getByRole("button", { name: "Add destination" }).click();
    const down = page.getByRole("article", { name: `Down ${id}` });
    await down.getByRole("button", { name: "Send test event" }).click();
    await expect(down.getByRole("status")).toContainText("Could not connect (connect)");

    await expectAccessibleAtWidths(page);
  } finally {
    receiver.close();
  }
});
