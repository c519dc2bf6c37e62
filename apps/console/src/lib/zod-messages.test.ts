import { describe, expect, it } from "vitest";
import { z } from "zod";
import "./zod-messages";
import { fieldLabel } from "./zod-messages";

const first = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe("validation messages name the field and the limit", () => {
  it("replaces zod's own text", () => {
    expect(first(z.object({ name: z.string().max(500) }), { name: "x".repeat(501) })).toBe(
      "Name must be at most 500 characters",
    );
    expect(first(z.object({ name: z.string().min(1) }), { name: "" })).toBe("Name is required");
    expect(first(z.object({ expiresInDays: z.number().int().max(730) }), { expiresInDays: 731 })).toBe(
      "Expires in days must be at most 730",
    );
    expect(first(z.object({ expiresInDays: z.number() }), {})).toBe("Expires in days is required");
    expect(first(z.object({ expiresInDays: z.number() }), { expiresInDays: "x" })).toBe(
      "Expires in days must be a number",
    );
    expect(first(z.object({ email: z.email() }), { email: "nope" })).toBe("Email must be an email address");
    expect(first(z.object({ role: z.enum(["owner", "viewer"]) }), { role: "x" })).toBe(
      'Role must be one of "owner", "viewer"',
    );
    expect(first(z.object({ groupIds: z.array(z.uuid()).max(2) }), { groupIds: ["a", "b", "c"] })).toBe(
      "Group IDs must have at most 2 items",
    );
    expect(first(z.object({ groupIds: z.array(z.uuid()) }), { groupIds: ["nope"] })).toBe(
      "Group IDs item 1 must be an ID",
    );
    expect(first(z.strictObject({ name: z.string() }), { name: "a", colour: "red" })).toBe(
      "Has an unknown field: colour",
    );
    expect(first(z.object({ from: z.iso.datetime({ offset: true }) }), { from: "yesterday" })).toBe(
      "From must be a date and time such as 2026-03-01T09:30:00Z",
    );
  });

  it("keeps a schema's own message", () => {
    expect(first(z.object({ code: z.string().regex(/^\d{6}$/, "Enter the 6-digit code") }), { code: "1" })).toBe(
      "Enter the 6-digit code",
    );
  });

  it("labels nested paths by their last name", () => {
    expect(fieldLabel(["settings", "sessionMaxAgeHours"])).toBe("Session max age hours");
    expect(fieldLabel([])).toBe("Value");
  });
});
