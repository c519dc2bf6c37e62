import { readFileSync } from "node:fs";
import path from "node:path";
import type { Role } from "@luminous/db";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import { db } from "../db";
import type { Ctx } from "../http/guard";
import { assignPolicy } from "../policies/assign-policy";
import { createPolicy } from "../policies/create-policy";
import { publishPolicyVersion } from "../policies/publish-policy-version";
import { addUser, createOrgWithOwner } from "./create-org";

const PEOPLE: [string, string, Role, string[]][] = [
  ["Maya Okafor", "maya.okafor", "admin", ["Platform Engineering"]],
  ["Lars Henriksen", "lars.henriksen", "security_admin", ["Security"]],
  ["Priya Raman", "priya.raman", "security_admin", ["Security"]],
  ["Tomás Alvarez", "tomas.alvarez", "auditor", ["Compliance"]],
  ["Hannah Becker", "hannah.becker", "helpdesk", ["IT Helpdesk"]],
  ["Kenji Watanabe", "kenji.watanabe", "viewer", ["Developers", "Platform Engineering"]],
  ["Amara Nwosu", "amara.nwosu", "viewer", ["Developers"]],
  ["Olivia Chen", "olivia.chen", "viewer", ["Developers"]],
  ["Rafael Souza", "rafael.souza", "viewer", ["Data Science"]],
  ["Sofia Rossi", "sofia.rossi", "viewer", ["Data Science"]],
  ["Ethan Brooks", "ethan.brooks", "viewer", ["Developers"]],
  ["Fatima Zahra", "fatima.zahra", "viewer", ["Finance Workstations"]],
  ["Noah Schmidt", "noah.schmidt", "helpdesk", ["IT Helpdesk"]],
  ["Isabella García", "isabella.garcia", "viewer", ["Finance Workstations"]],
];

const GROUPS: [string, string][] = [
  ["Platform Engineering", "Owns the NixOS fleet configuration"],
  ["Security", "Writes policies and reviews approvals"],
  ["Compliance", "Audit evidence and reports"],
  ["IT Helpdesk", "First-line support"],
  ["Developers", "Engineering workstations"],
  ["Data Science", "GPU workstations with larger package needs"],
  ["Finance Workstations", "PCI DSS scoped machines"],
];

export interface DemoResult {
  orgId: string;
  ownerEmail: string;
  created: boolean;
}

/** Idempotent: an existing org with the slug is left as it is. */
export async function seedDemo(opts: {
  ownerEmail: string;
  ownerPassword: string;
  slug?: string;
  domain?: string;
  /** The org baseline and a group overlay, published and assigned (default true). */
  policies?: boolean;
  /** On an existing demo org, set the owner's password to ownerPassword (and unlock the account). */
  resetOwnerPassword?: boolean;
}): Promise<DemoResult> {
  const slug = opts.slug ?? "acme";
  const existing = await db().org.findUnique({ where: { slug } });
  if (existing) {
    if (opts.resetOwnerPassword) await resetOwnerPassword(existing.id, opts.ownerEmail, opts.ownerPassword);
    return { orgId: existing.id, ownerEmail: opts.ownerEmail, created: false };
  }
  const domain = opts.domain ?? "acme.example";
  const { org, owner } = await createOrgWithOwner({
    name: "Acme Corp",
    slug,
    domains: [domain],
    owner: { email: opts.ownerEmail, name: "Alex Morgan", password: opts.ownerPassword },
  });
  const groups = new Map<string, string>();
  for (const [name, description] of GROUPS) {
    const g = await db().group.create({ data: { orgId: org.id, name, description } });
    groups.set(name, g.id);
  }
  for (const [name, local, role, gs] of PEOPLE) {
    const u = await addUser(org.id, { email: `${local}@${domain}`, name, role });
    await db().membership.createMany({
      data: gs.map((g) => ({ orgId: org.id, groupId: groups.get(g)!, userId: u.id })),
    });
  }
  if (opts.policies !== false)
    await seedPolicies(
      {
        orgId: org.id,
        principal: {
          orgId: org.id,
          userId: owner.id,
          email: owner.email,
          name: owner.name,
          role: "owner",
          via: "session",
          sessionId: null,
          tokenId: null,
        },
        meta: { actor: { type: "system", label: "demo seed" } },
        requestId: "demo-seed",
      },
      groups.get("Finance Workstations")!,
    );
  await db().$transaction((tx) =>
    recordAudit(
      tx,
      org.id,
      { actor: { type: "system", label: "demo seed" } },
      {
        action: "org.seed",
        outcome: "success",
        target: { type: "org", id: org.id, label: org.name },
        data: { users: PEOPLE.length + 1, groups: GROUPS.length, owner: owner.email },
      },
    ),
  );
  return { orgId: org.id, ownerEmail: owner.email, created: true };
}

const FINANCE_OVERLAY = `# PCI DSS scoped machines: nothing is installed without a second factor.
commands:
  require_approval: [install_package, remove_package, system_upgrade]
mfa:
  operations: [install_package, modify_firewall, change_permissions, add_user, user_management]
packages:
  deny: ["*-unwrapped", "nmap*", "wireshark*", "john", "hashcat", "tor*"]
`;

/** The org baseline from the example security-policy.yaml, and a stricter overlay for one group. */
async function seedPolicies(ctx: Ctx, financeGroupId: string): Promise<void> {
  const example = path.resolve(import.meta.dirname, "../../../../../packages/policy/examples/security-policy.yaml");
  const baseline = await createPolicy(ctx, {
    name: "Org baseline",
    description: "Applies to every workstation",
    source: readFileSync(example, "utf8"),
    note: "Initial baseline from security-policy.yaml",
    lockedPaths: ["commands.blacklist", "packages.deny", "llm.allow_external"],
  });
  await publishPolicyVersion(ctx, baseline.id, 1);
  await assignPolicy(ctx, baseline.id, { scope: "org" });
  const finance = await createPolicy(ctx, {
    name: "Finance workstations",
    description: "PCI DSS scope: approvals and MFA for changes",
    source: FINANCE_OVERLAY,
    note: "PCI DSS 8 and 10: second factor for installs",
    lockedPaths: [],
  });
  await publishPolicyVersion(ctx, finance.id, 1);
  await assignPolicy(ctx, finance.id, { scope: "group", groupId: financeGroupId });
}

async function resetOwnerPassword(orgId: string, email: string, password: string): Promise<void> {
  const owner = await db().user.findFirst({ where: { orgId, email: email.toLowerCase(), role: "owner" } });
  if (!owner) throw new Error(`No owner ${email} in the demo org`);
  const passwordHash = await hashPassword(password);
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: owner.id },
      data: { passwordHash, lockedUntil: null, status: "active" },
    });
    await tx.session.updateMany({
      where: { userId: owner.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedWhy: "password_reset" },
    });
    await recordAudit(
      tx,
      orgId,
      { actor: { type: "system", label: "demo setup" } },
      { action: "user.password.reset", outcome: "success", target: { type: "user", id: owner.id, label: owner.email } },
    );
  });
}
