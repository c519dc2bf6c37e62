/**
 * What the notification tests share: the mail server settings pointing at the test SMTP server,
 * the settings and delivery-log calls, and a device asking for approval.
 */
import { defaultApprovals } from "@luminous/policy";
import * as deliveries from "@/app/api/v1/notifications/deliveries/route";
import * as emailRoute from "@/app/api/v1/notifications/email/route";
import { openApprovalRequest } from "@/server/approvals/open-approval-request";
import { db } from "@/server/db";
import { call, type TestOrg } from "../harness";

export const SMTP_USER = "console-mailer";
export const SMTP_PASS = "smtp-pass-9f3e1c";

/** Mail server settings for the test SMTP server (STARTTLS, AUTH, its CA), with overrides. */
export const mailSettings = (smtp: { port: number; ca: string }, over: Record<string, unknown> = {}) => ({
  host: "localhost",
  port: smtp.port,
  security: "starttls",
  username: SMTP_USER,
  password: SMTP_PASS,
  caCert: smtp.ca,
  fromAddress: "console@corp.test",
  approvalsContact: ["workstation-team@corp.test"],
  ...over,
});

export const saveMail = (o: TestOrg, body: unknown) =>
  call(emailRoute.PUT, "PUT", "/api/v1/notifications/email", { token: o.users.admin.token, body });

export const deliveryLog = (o: TestOrg) =>
  call(deliveries.GET, "GET", "/api/v1/notifications/deliveries", { token: o.users.auditor.token });

/** An org-wide policy whose approval rules are the defaults (one approval.decide holder). */
export async function publishDefaultApprovals(orgId: string) {
  const policy = await db().policy.create({ data: { orgId, name: "baseline" } });
  await db().policyVersion.create({
    data: {
      orgId,
      policyId: policy.id,
      number: 1,
      document: { approvals: defaultApprovals() } as object,
      source: "{}",
      contentHash: "v1",
      lockedPaths: [],
      authorLabel: "test",
      publishedAt: new Date(),
    },
  });
  await db().policyAssignment.create({ data: { orgId, policyId: policy.id, scope: "org" } });
}

let deviceN = 0;

/** A device of the org asks for approval (the agent route's domain call, with its audit meta). */
export async function ask(o: TestOrg, sentence: string) {
  const n = ++deviceN;
  const d = await db().device.create({
    data: { orgId: o.orgId, hostname: `ws-notify-${n}`, machineId: `m-${n}`, publicKey: "k" },
  });
  const { request } = await openApprovalRequest(
    { ...d, policyGeneration: 0 },
    {
      action: "system_upgrade",
      packages: [],
      services: [],
      user: "alice",
      sentence,
      command: "nixos-rebuild switch --upgrade",
      decision: "require_approval",
      rule: "commands.require_approval",
      policyVersion: 1,
      reason: "security patches",
    },
    { actor: { type: "device", id: d.id, label: d.hostname } },
  );
  return request;
}
