/**
 * The audit log as an auditor uses it, on real data: a real agent, enrolled with a token from the
 * console's API, is handed ask-nix events and policy checks on its local socket and pushes them,
 * hash-chained and signed with its device key, to the console. The browser then lists, filters,
 * pages, opens and exports them, and the integrity badge catches a row edited in Postgres.
 */

import type { BrowserContext } from "@playwright/test";
import { Workstation } from "../agent";
import { test as base, expect } from "../fixtures";
import { AuditPage, type ExportFormat, SignInPage } from "../pages";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

// +05:30 all year: a half-hour offset from UTC shows any conversion that ignores the viewer's zone.
const TZ = "Asia/Kolkata";
/** The zone as the browser names it: Chromium reports ICU's canonical "Asia/Calcutta". */
const TZ_SHOWN = /Asia\/(Kolkata|Calcutta)/;
const TZ_OFFSET_MS = 330 * 60_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const iso = (ms: number) => new Date(ms).toISOString();
/** An instant as the viewer types it into the From / To fields ("YYYY-MM-DD HH:mm", their timezone). */
const localInput = (ms: number) => new Date(ms + TZ_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
/** An instant as the list shows it to this viewer. */
const shown = (ms: number) =>
  new Date(ms).toLocaleString("en-US", { timeZone: TZ, dateStyle: "medium", timeStyle: "medium" });

const test = base.extend<{ audit: AuditPage; id: string; ws: Workstation }, { ownerSession: StorageState }>({
  /** The owner signs in once per worker; every test's page starts with that session. */
  ownerSession: [
    async ({ browser, owner }, use, workerInfo) => {
      const context = await browser.newContext({ baseURL: workerInfo.project.use.baseURL });
      await new SignInPage(await context.newPage()).signInAs(owner.email, owner.password);
      const state = await context.storageState();
      await context.close();
      await use(state);
    },
    { scope: "worker" },
  ],
  storageState: async ({ ownerSession }, use) => {
    await use(ownerSession);
  },
  audit: async ({ page }, use) => {
    await use(new AuditPage(page));
  },
  /** Unique to the test: in its users, commands and workstation name, so tests never see each other's data. */
  // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies as a destructured object
  id: async ({}, use) => {
    await use(`${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
  },
  /** A real agent enrolled with the signed-in owner's session; its daemon stops after the test. */
  ws: async ({ audit, baseURL, id }, use) => {
    const ws = await Workstation.enroll(audit.page.request, baseURL!, `E2E audit ${id}`);
    try {
      await use(ws);
    } finally {
      await ws.stop();
    }
  },
});
test.use({ timezoneId: TZ, locale: "en-US" });

test("a real agent's events are listed with time, command, user, device and outcome in the viewer's timezone", async ({
  audit,
  ws,
  id,
  page,
}) => {
  const user = `dana-${id}`;
  const t0 = Date.now() - 5 * MINUTE;
  await ws.log({
    type: "command_received",
    ts: iso(t0),
    user,
    command: `ask-nix install docker ${id}`,
    intent: { action: "install_package", packages: ["docker"] },
  });
  await ws.log({
    type: "execution_completed",
    ts: iso(t0 + MINUTE),
    user,
    command: `ask-nix rebuild switch ${id}`,
    execution: { success: false, duration_ms: 1200 },
  });
  expect((await ws.check({ action: "delete_files", user })).decision).toBe("deny");
  await ws.waitUntilStored(page.request, 3);

  // The server cannot know the viewer's zone; rendering its own would break hydration (React #418).
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await audit.goto();
  await expect(audit.table.getByRole("columnheader").first()).toHaveText(new RegExp(`^Time \\(${TZ_SHOWN.source}\\)$`));
  await expect(audit.filters).toContainText(new RegExp(`Times in ${TZ_SHOWN.source}`));
  await audit.type("Device", ws.deviceId);
  await audit.expectRows(["policy_decision", `rebuild switch ${id}`, `install docker ${id}`]);
  const at = `${user} @ ${ws.hostname}`;
  await expect(audit.row("policy_decision").getByRole("cell")).toHaveText([
    /\d{1,2}:\d\d:\d\d/,
    "policy_decision",
    "deny",
    at,
    /^delete_files · rule \S+$/,
    "",
  ]);
  await expect(audit.row(`rebuild switch ${id}`).getByRole("cell")).toHaveText([
    shown(t0 + MINUTE),
    "execution_completed",
    "failure",
    at,
    `ask-nix rebuild switch ${id}`,
    "",
  ]);
  const install = audit.row(`install docker ${id}`);
  await expect(install.getByRole("cell")).toHaveText([
    shown(t0),
    "command_received",
    "success",
    at,
    `ask-nix install docker ${id}`,
    "",
  ]);
  await expect(install.getByRole("cell").first()).toHaveAttribute("title", iso(t0));
  expect(pageErrors).toEqual([]);
});

test("filters narrow the list, live in the URL, come back in a fresh page and clear back to everything", async ({
  audit,
  ws,
  id,
  page,
}) => {
  const [ana, ben] = [`ana-${id}`, `ben-${id}`];
  const now = Date.now();
  const docker = `ask-nix install Docker ${id}`;
  const nginx = `ask-nix restart nginx ${id}`;
  const rebuild = `ask-nix rebuild switch ${id}`;
  const compose = `ask-nix install docker-compose ${id}`;
  await ws.log({ type: "command_received", ts: iso(now - 3 * HOUR), user: ana, command: docker });
  await ws.log({
    type: "execution_completed",
    ts: iso(now - 2 * HOUR),
    user: ana,
    command: nginx,
    execution: { success: true, duration_ms: 900 },
  });
  await ws.log({ type: "errors_encountered", ts: iso(now - HOUR), user: ben, command: rebuild, error: "build failed" });
  await ws.log({ type: "command_received", ts: iso(now - 30 * MINUTE), user: ben, command: compose });
  expect((await ws.check({ action: "delete_files", user: ben })).decision).toBe("deny");
  await ws.waitUntilStored(page.request, 5);

  await audit.goto();
  // Every type the trail can hold is offered, the agent's refused policy bundles and the
  // console's own ingestion refusals included.
  const typeOptions = page.getByLabel("Event type").locator("option");
  for (const t of ["bundle_rejected", "integrity_gap", "integrity_forged_seq", "integrity_rejected"]) {
    await expect(typeOptions.filter({ hasText: new RegExp(`^${t}$`) })).toHaveCount(1);
  }
  await audit.type("Device", ws.deviceId);
  await audit.expectRows(["policy_decision", compose, rebuild, nginx, docker]);

  await audit.choose("Event type", "command_received");
  await audit.expectRows([compose, docker]);
  await audit.choose("Event type", "");
  await audit.choose("Outcome", "deny");
  await audit.expectRows(["policy_decision"]);
  await audit.choose("Outcome", "failure");
  await audit.expectRows([rebuild]);
  await audit.choose("Outcome", "");
  await audit.type("User", ana);
  await audit.expectRows([nginx, docker]);
  await audit.type("User", "");
  await audit.type("Command contains", "docker");
  await audit.expectRows([compose, docker]);
  await audit.type("Command contains", "");

  // A time range typed in the viewer's zone travels in the URL as UTC.
  const from = now - 2.5 * HOUR;
  const to = now - 45 * MINUTE;
  await audit.setTime("From", localInput(from));
  await audit.setTime("To", localInput(to));
  expect(audit.urlFilters()).toMatchObject({
    from: iso(Math.floor(from / MINUTE) * MINUTE),
    to: iso(Math.floor(to / MINUTE) * MINUTE),
  });
  await audit.expectRows([rebuild, nginx]);
  // Two changes before the URL has caught up with the first both stay: the user typed and left
  // the field (which sets it), and in the same moment an outcome picked.
  await audit.filter("User").fill(ana);
  await page.evaluate(() => {
    const user = document.querySelector<HTMLInputElement>('input[aria-label="User"]')!;
    const outcome = document.querySelector<HTMLSelectElement>('select[aria-label="Outcome"]')!;
    user.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    outcome.value = "success";
    outcome.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await expect.poll(() => audit.urlFilters(), { intervals: [25] }).toMatchObject({ user: ana, outcome: "success" });
  await audit.type("Command contains", "NGINX");
  await audit.expectRows([nginx]);
  expect(audit.urlFilters()).toEqual({
    device: ws.deviceId,
    from: iso(Math.floor(from / MINUTE) * MINUTE),
    to: iso(Math.floor(to / MINUTE) * MINUTE),
    user: ana,
    outcome: "success",
    q: "NGINX",
  });

  // The same URL in a fresh page is the same view, with the same filters filled in.
  const fresh = new AuditPage(await page.context().newPage());
  await fresh.page.goto(page.url());
  await fresh.expectRows([nginx]);
  await expect(fresh.filter("Device")).toHaveValue(ws.deviceId);
  await expect(fresh.filter("User")).toHaveValue(ana);
  await expect(fresh.filter("Outcome")).toHaveValue("success");
  await expect(fresh.filter("Command contains")).toHaveValue("NGINX");
  await expect(fresh.filter("From")).toHaveValue(localInput(from));
  await expect(fresh.filter("To")).toHaveValue(localInput(to));
  await fresh.page.close();

  // Cleared (one field by hand, the rest with "Clear filters"), the list is the whole trail again:
  // other events of this device and the console's own actions.
  await audit.type("Command contains", "");
  await audit.page.getByRole("button", { name: "Clear filters" }).click();
  await expect.poll(() => audit.urlFilters(), { intervals: [25] }).toEqual({});
  for (const label of ["Device", "User", "Outcome", "From", "To"] as const)
    await expect(audit.filter(label)).toHaveValue("");
  await expect(audit.page.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
  await expect(audit.row("policy_decision").filter({ hasText: ben })).toBeVisible();
  await expect(audit.row("enrollment_token.create").filter({ hasText: ws.name })).toBeVisible();
});

test("pages follow on by keyset: events arriving while an auditor reads neither repeat nor skip rows", async ({
  audit,
  ws,
  id,
  page,
}) => {
  // Two days back, so the rest of the suite's events never interleave with these.
  const base = Date.now() - 2 * 24 * HOUR;
  const command = (n: number) => `ask-nix page ${id} #${String(n).padStart(2, "0")}`;
  const logRange = async (first: number, last: number) => {
    for (let n = first; n <= last; n++) {
      await ws.log({ type: "command_received", ts: iso(base + n * 1000), user: `pat-${id}`, command: command(n) });
    }
  };
  const commands = (newest: number, oldest: number) =>
    Array.from({ length: newest - oldest + 1 }, (_, i) => command(newest - i));

  await logRange(1, 60);
  await ws.waitUntilStored(page.request, 60);
  await audit.goto({ device: ws.deviceId });
  await expect(audit.commands).toHaveText(commands(60, 11));
  await expect(audit.newer).toBeDisabled();

  // Five newer events arrive while page 1 is on screen; page 2 goes on from page 1's last row.
  await logRange(61, 65);
  await ws.waitUntilStored(page.request, 65);
  await audit.older.click();
  await expect(audit.commands).toHaveText(commands(10, 1));
  await expect(audit.older).toBeDisabled();

  // A fresh look starts from the newest again, and the pages still hold every event exactly once.
  await page.reload();
  await expect(audit.commands).toHaveText(commands(65, 16));
  await audit.older.click();
  await expect(audit.commands).toHaveText(commands(15, 1));
  await audit.newer.click();
  await expect(audit.commands).toHaveText(commands(65, 16));
});

test("an event's detail shows every field, its approval and execution and where it stands in the chains", async ({
  audit,
  ws,
  id,
  page,
}) => {
  const user = `erin-${id}`;
  const command = `ask-nix install docker and enable it ${id}`;
  const intent = { action: "install_package", packages: ["docker"], services: ["docker"] };
  const session = { user, sessionId: `sess-${id}`, ip: "10.20.30.40" };
  await ws.log({ type: "command_received", ...session, command, intent });
  const decision = await ws.check({ action: "install_package", packages: ["docker"], services: ["docker"], user });
  expect(decision.decision).toBe("allow");
  await ws.waitUntilStored(page.request, 2); // the agent writes decisions from a thread of their own
  const confirmed = await ws.log({ type: "user_confirmation", ...session, command, intent });
  // The device stamps its own local time with its offset; the console keeps that string as signed.
  const deviceLocal = (ms: number) => new Date(ms + TZ_OFFSET_MS).toISOString().replace("Z", "+05:30");
  const approvedAt = deviceLocal(Date.now() - 3 * 24 * HOUR);
  const deviceTs = deviceLocal(Date.now() - 3 * 24 * HOUR + 12_250);
  const executed = await ws.log({
    type: "execution_completed",
    ts: deviceTs,
    ...session,
    command,
    intent,
    approval: {
      required: true,
      method: "totp",
      at: approvedAt,
      approver: `lead-${id}@example.test`,
    },
    execution: { success: true, duration_ms: 8421, changes: ["+ docker-27.3.1", "~ docker.service: enabled"] },
    state: { before_hash: "sha256:1f0c", after_hash: "sha256:9e2d" },
    details: { working_directory: `/home/${user}`, nixos_version: "24.11" },
  });
  await ws.waitUntilStored(page.request, 4);

  await audit.goto({ device: ws.deviceId });
  await audit.open("execution_completed");
  await expect(page).toHaveURL(/[?&]event=[0-9a-f-]{36}/);
  const f = (name: string) => audit.field(name);
  await expect(f("type")).toHaveText("execution_completed");
  await expect(f("category")).toHaveText("agent");
  await expect(f("action")).toHaveText("install_package");
  await expect(f("outcome")).toHaveText("success");
  await expect(f("subject")).toHaveText(user);
  await expect(f("command")).toHaveText(command);
  await expect(f("sessionId")).toHaveText(`sess-${id}`);
  await expect(f("ip")).toHaveText("10.20.30.40");
  await expect(f("packages")).toHaveText('["docker"]');
  await expect(f("services")).toHaveText('["docker"]');
  await expect(f("deviceId")).toHaveText(ws.deviceId);
  await expect(f("actor")).toContainText(ws.hostname);
  await expect(f("deviceTs")).toHaveText(deviceTs);
  await expect(f("ts")).toContainText(`${new Date(deviceTs).toISOString()} (`);
  await expect(f("receivedAt")).toHaveText(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \(/);
  expect(JSON.parse((await f("state").textContent())!)).toEqual({
    before_hash: "sha256:1f0c",
    after_hash: "sha256:9e2d",
  });
  // The chain fields are the agent's own: the hash it computed and the one of the event before it.
  await expect(f("seq")).toHaveText(String(executed.seq));
  await expect(f("hash")).toHaveText(executed.hash);
  expect(executed.seq).toBe(confirmed.seq + 1);
  await expect(f("prevHash")).toHaveText(confirmed.hash);
  await expect(f("lane")).toHaveText(/^[0-3]$/);
  await expect(f("serverSeq")).toHaveText(/^\d+$/);
  await expect(f("serverHash")).toHaveText(/^[0-9a-f]{64}$/);

  const approval = JSON.parse((await audit.part("Approval").locator("pre").textContent())!);
  expect(approval).toEqual({
    required: true,
    method: "totp",
    at: approvedAt,
    approver: `lead-${id}@example.test`,
  });
  await expect(audit.part("Execution")).toContainText("succeeded in 8421 ms");
  await expect(audit.part("Execution").getByRole("listitem")).toHaveText([
    "+ docker-27.3.1",
    "~ docker.service: enabled",
  ]);
  // Context the agent attached (its policy's audit.context_fields) is part of what it signed.
  await expect(audit.part("Data")).toContainText(`"working_directory": "/home/${user}"`);
  await expect(audit.part("Data")).toContainText('"nixos_version": "24.11"');

  const serverSeq = Number(await f("serverSeq").textContent());
  const lane = Number(await f("lane").textContent());
  await expect(audit.chainStatus.getByRole("listitem")).toHaveText([
    "✔ content: content matches its hash",
    `✔ org chain: links to server seq ${serverSeq - 1} of lane ${lane}`,
    `✔ device chain: links to seq ${executed.seq - 1}`,
    "… not yet covered by a signed checkpoint",
  ]);

  // The policy decision the agent made for the same command, with the rule that made it.
  await audit.close("execution_completed");
  await audit.open("policy_decision");
  await expect(audit.part("Decision")).toContainText(`allow rule ${decision.rule}: ${decision.reason}`);
});

/** RFC 4180: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') cell += text[++i];
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\n") {
      row.push(cell.replace(/\r$/, ""));
      rows.push(row);
      row = [];
      cell = "";
    } else cell += c;
  }
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? ""])));
}

type Exported = { id: string; type: string; command: string | null; subject: string | null; deviceId: string };

function parseExport(format: ExportFormat, text: string): Exported[] {
  if (format === "json") return JSON.parse(text) as Exported[];
  if (format === "ndjson")
    return text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Exported);
  return parseCsv(text).map((r) => ({
    id: r.id!,
    type: r.type!,
    command: r.command!,
    subject: r.user!,
    deviceId: r.device_id!,
  }));
}

test("CSV, JSON and NDJSON exports hold exactly the filtered events, and every export is itself audited", async ({
  audit,
  ws,
  id,
  page,
  owner,
}) => {
  const since = new Date(Date.now() - MINUTE).toISOString();
  const user = `finn-${id}`;
  const t = Date.now() - 10 * MINUTE;
  // Quotes, a comma and a line break: what a naive CSV writer gets wrong.
  const commands = [
    `ask-nix install "docker", then start it ${id}`,
    `ask-nix show disk usage ${id}`,
    `ask-nix install htop\nand btop ${id}`,
  ];
  for (const [i, command] of commands.entries())
    await ws.log({ type: "command_received", ts: iso(t + i * 1000), user, command });
  await ws.log({
    type: "execution_completed",
    ts: iso(t + 5000),
    user,
    command: commands[0],
    execution: { success: true, duration_ms: 4000 },
  });
  await ws.check({ action: "delete_files", user });
  await ws.waitUntilStored(page.request, 5); // three the filter below keeps, two it leaves out

  await audit.goto({ device: ws.deviceId });
  await audit.choose("Event type", "command_received");
  const newestFirst = [...commands].reverse();
  await expect(audit.commands).toHaveText(newestFirst.map((c) => c.replace(/\s+/g, " ")));
  const listed = (await (
    await page.request.get(`/api/v1/audit-events?device=${ws.deviceId}&type=command_received`)
  ).json()) as { items: { id: string }[] };
  const ids = listed.items.map((e) => e.id);
  expect(ids).toHaveLength(3);

  for (const format of ["csv", "json", "ndjson"] as const) {
    const file = await audit.download(format);
    expect(file.filename).toMatch(new RegExp(`^audit-.+\\.${format}$`));
    const events = parseExport(format, file.text);
    expect(
      events.map((e) => e.id),
      format,
    ).toEqual(ids);
    expect(
      events.map((e) => e.command),
      format,
    ).toEqual(newestFirst);
    for (const e of events)
      expect([e.type, e.subject, e.deviceId], format).toEqual(["command_received", user, ws.deviceId]);
  }

  // Each export is in the trail: who exported which filter, in which format.
  await audit.goto({ category: "admin", action: "audit.export", from: since });
  await expect(audit.eventRows).toHaveCount(3);
  for (const row of await audit.eventRows.all())
    await expect(row.getByRole("cell")).toHaveText([/\d:\d\d:\d\d/, "audit.export", "success", owner.email, "", /.*/]);
  for (const [i, format] of ["ndjson", "json", "csv"].entries()) {
    await audit.open(audit.eventRows.nth(i));
    const data = audit.part("Data");
    await expect(data).toContainText(`"format": "${format}"`);
    await expect(data).toContainText(`"device": "${ws.deviceId}"`);
    await expect(data).toContainText('"type": "command_received"');
    await audit.close(audit.eventRows.nth(i));
  }
});

test("the integrity badge shows a verified trail, then names the event edited directly in the database", async ({
  audit,
  ws,
  id,
  page,
  database,
}) => {
  expect((await ws.check({ action: "delete_files", user: `gus-${id}` })).decision).toBe("deny");
  await ws.waitUntilStored(page.request, 1);
  const denied = (
    (await (await page.request.get(`/api/v1/audit-events?device=${ws.deviceId}&outcome=deny`)).json()) as {
      items: { id: string }[];
    }
  ).items[0]!.id;

  await audit.goto();
  await audit.verify();
  await expect(audit.integrity).toContainText("Chain verified");
  await expect(audit.integrity).toContainText(/\d+ events, \d+ signed checkpoints, checked /);

  // Someone with database access turns the denial into an allow.
  await database.query(`UPDATE "AuditEvent" SET "outcome" = 'allow' WHERE "id" = $1`, [denied]);
  try {
    await audit.verify();
    await expect(audit.integrity).toContainText("Tampering detected");
    await expect(audit.integrity).toContainText(denied);
    await expect(audit.integrity).toContainText("columns edited: outcome");
    await audit.integrity.getByRole("button", { name: "show event" }).click();
    await expect(audit.field("id")).toHaveText(denied);
    await expect(audit.field("outcome")).toHaveText("allow");
    await expect(audit.chainStatus.getByRole("listitem").first()).toHaveText("✘ content: columns edited: outcome");
  } finally {
    await database.query(`UPDATE "AuditEvent" SET "outcome" = 'deny' WHERE "id" = $1`, [denied]);
  }
  await audit.verify();
  await expect(audit.integrity).toContainText("Chain verified");
});

test("a policy decision row shows the action, its package and the deciding rule; a hand-edited date says what is wrong", async ({
  audit,
  ws,
  id,
  page,
}) => {
  const user = `rule-${id}`;
  const decision = await ws.check({ action: "delete_files", packages: [`pkg-${id}`], user });
  expect(decision.decision).toBe("deny");
  await ws.waitUntilStored(page.request, 1);
  await audit.goto({ device: ws.deviceId });
  const row = audit.eventRows.filter({ hasText: "policy_decision" }).first();
  await expect(row).toContainText(`delete_files pkg-${id}`);
  await expect(row).toContainText(`rule ${decision.rule}`);

  await page.goto("/audit?from=last+tuesday");
  await expect(page.getByRole("alert").filter({ hasText: "Could not load events" })).toHaveText(
    "Could not load events: From must be a date and time such as 2026-03-01T09:30:00Z",
  );
  await page.goto("/audit?from=2026-03-02T00%3A00%3A00Z&to=2026-03-01T00%3A00%3A00Z");
  await expect(page.locator(".date-range-error")).toContainText("From is after To");
});
