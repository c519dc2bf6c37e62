/**
 * Seeds the demo org (idempotent) and prints one JSON line:
 * {"ownerEmail": "...", "ownerPassword": "..." | null, "orgId": "..."}
 * The owner password comes from LUMINOUS_OWNER_PASSWORD or is generated and printed once; given on
 * an existing demo org, LUMINOUS_OWNER_PASSWORD resets the owner's password to it.
 * LUMINOUS_SEED_POLICIES=0 leaves out the demo policies (the e2e specs publish their own).
 * Needs DATABASE_URL; AUTH_SECRET and MASTER_KEY are not used by seeding and get throwaway values.
 */
import { randomBytes } from "node:crypto";

process.env.AUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.MASTER_KEY ??= randomBytes(32).toString("base64");

const { seedDemo } = await import("../src/server/seed/seed-demo");
const { db } = await import("../src/server/db");

const ownerEmail = (process.env.LUMINOUS_OWNER_EMAIL ?? "owner@acme.example").toLowerCase();
const given = process.env.LUMINOUS_OWNER_PASSWORD;
const ownerPassword = given ?? randomBytes(12).toString("base64url");
const r = await seedDemo({
  ownerEmail,
  ownerPassword,
  slug: process.env.LUMINOUS_ORG_SLUG,
  policies: process.env.LUMINOUS_SEED_POLICIES !== "0",
  resetOwnerPassword: given !== undefined,
});
console.log(
  JSON.stringify({ ownerEmail: r.ownerEmail, ownerPassword: r.created ? ownerPassword : null, orgId: r.orgId }),
);
await db().$disconnect();
