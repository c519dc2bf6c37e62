/**
 * An admin enrolls a real workstation agent from the browser and governs it with a policy:
 * token in the browser -> `luminous-agent enroll` -> the device on the Devices page -> a policy
 * that blacklists delete_files published and assigned in the browser -> the running agent picks it
 * up -> `luminous-agent check --action delete_files` exits 1 (deny).
 */
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { agent, deviceIdOf, ensureAgentBuilt, startDaemon, stopDaemon } from "../agent";
import { test } from "../fixtures";
import { SignInPage } from "../pages";

const uniq = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** /devices/enrollment: create a token, read the one-time enroll command. */
class EnrollmentPage {
  constructor(readonly page: Page) {}
  async goto() {
    await this.page.goto("/devices/enrollment");
    await expect(this.page.getByRole("table", { name: "Enrollment tokens" })).toBeVisible();
  }
  async create(name: string, maxUses: string): Promise<string> {
    await this.page.getByRole("button", { name: "Create enrollment token" }).click();
    const dialog = this.page.getByRole("dialog", { name: "Create enrollment token" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel(/Number of uses/).fill(maxUses);
    await dialog.getByRole("button", { name: "Create token" }).click();
    const command = this.page.getByTestId("enroll-command");
    await expect(command).toContainText("luminous-agent enroll --server");
    return (await command.textContent())!.trim();
  }
  row(name: string): Locator {
    return this.page.getByRole("table", { name: "Enrollment tokens" }).getByRole("row").filter({ hasText: name });
  }
}

/** /devices: the fleet table. */
class DevicesPage {
  readonly table: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByRole("table", { name: "Devices" });
  }
  async goto() {
    await this.page.goto("/devices");
    await expect(this.table).toBeVisible();
  }
  row(deviceId: string): Locator {
    return this.table.getByRole("row").filter({ has: this.page.locator(`a[href="/devices/${deviceId}"]`) });
  }
}

/** /policies/new and /policies/[id]: create in the YAML view, publish, assign. */
class PolicyPages {
  constructor(readonly page: Page) {}
  async create(name: string, yaml: string, note: string) {
    await this.page.goto("/policies/new");
    await this.page.getByRole("tab", { name: "YAML" }).click();
    await this.page.getByLabel("Policy YAML").fill(yaml);
    await expect(this.page.getByText("Valid", { exact: true })).toBeVisible();
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByLabel("Change note").fill(note);
    await this.page.getByRole("button", { name: "Create policy (draft)" }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText(name);
  }
  async publish(version: number) {
    await this.page.getByRole("tab", { name: /History/ }).click();
    await this.page.getByRole("button", { name: `Publish v${version}` }).click();
    await this.page
      .getByRole("dialog")
      .getByRole("button", { name: `Publish v${version}` })
      .click();
    await expect(this.page.getByText("Published · enforced")).toBeVisible();
  }
  async assignToDevice(deviceId: string) {
    await this.page.getByRole("tab", { name: /Assignments/ }).click();
    await this.page.getByLabel("Scope").selectOption("device");
    await this.page.getByLabel("Device", { exact: true }).selectOption(deviceId);
    await this.page.getByRole("button", { name: "Assign", exact: true }).click();
    await expect(this.page.getByRole("table", { name: "Assignments" }).getByRole("link")).toHaveCount(1);
  }
}

/** Polls `check` until it answers with the expected exit code (the daemon syncs every second). */
async function waitForCheck(stateDir: string, action: string, code: number, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  let last = agent(stateDir, ["check", "--action", action, "--json"]);
  while (last.code !== code && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 500));
    last = agent(stateDir, ["check", "--action", action, "--json"]);
  }
  return last;
}

test.describe("policies end to end with a real agent", () => {
  let stateDir: string;
  let daemon: ChildProcess | undefined;

  test.beforeAll(() => {
    ensureAgentBuilt();
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "lc-e2e-agent-"));
  });

  test.afterAll(async () => {
    await stopDaemon(daemon);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  test("an admin enrolls an agent from the browser and a published blacklist denies delete_files on it", async ({
    page,
    owner,
  }) => {
    test.setTimeout(90_000);
    const id = uniq();
    await new SignInPage(page).signInAs(owner.email, owner.password);

    // 1. Token in the browser, shown once with the command to paste.
    const enrollment = new EnrollmentPage(page);
    await enrollment.goto();
    const command = await enrollment.create(`E2E laptop ${id}`, "1");
    const m = /^luminous-agent enroll --server (\S+) --token (\S+)$/.exec(command);
    expect(m, command).not.toBeNull();

    // 2. A real agent process enrolls with exactly that command (plain http is allowed to loopback).
    const enrolled = agent(stateDir, ["enroll", "--server", m![1]!, "--token", m![2]!]);
    expect(enrolled.code, enrolled.out).toBe(0);
    const deviceId = deviceIdOf(stateDir);
    await enrollment.goto();
    await expect(enrollment.row(`E2E laptop ${id}`)).toContainText("Used up");

    // 3. The daemon syncs the secure defaults, under which system_upgrade needs approval (exit 2).
    daemon = startDaemon(stateDir, ["--interval", "1"]);
    expect((await waitForCheck(stateDir, "system_upgrade", 2)).code).toBe(2);

    // 4. The device is on the Devices page, online and in sync.
    const devices = new DevicesPage(page);
    await devices.goto();
    await expect(devices.row(deviceId)).toContainText("Online");
    await expect(devices.row(deviceId)).toContainText("Up to date");

    // 5. A policy blacklisting delete_files (and system_upgrade), created, published and assigned in the browser.
    const policies = new PolicyPages(page);
    await policies.create(
      `Workstation lockdown ${id}`,
      "commands:\n  blacklist: [delete_files, format_disk, system_upgrade]\n",
      "No file deletion or upgrades from ask-nix",
    );
    await policies.publish(1);
    await policies.assignToDevice(deviceId);

    // 6. The running agent picks it up: check denies, naming the rule, answering from its cached bundle.
    const upgraded = await waitForCheck(stateDir, "system_upgrade", 1);
    expect(upgraded.code, upgraded.out).toBe(1);
    const del = agent(stateDir, ["check", "--action", "delete_files", "--user", "alice"]);
    expect(del.code, del.out).toBe(1);
    expect(del.out).toContain("commands.blacklist");

    // 7. The device page shows the policy and the layer it came from.
    await page.goto(`/devices/${deviceId}`);
    await expect(page.getByRole("table", { name: "Assigned policies" })).toContainText(`Workstation lockdown ${id}`);
    await expect(page.getByTestId("effective-policy")).toContainText("system_upgrade");
  });
});
