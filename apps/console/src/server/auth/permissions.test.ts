import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "./permissions";

describe("role table", () => {
  it("gives owners everything and viewers only reads", () => {
    expect(PERMISSIONS.every((p) => can("owner", p))).toBe(true);
    expect(ROLE_PERMISSIONS.viewer.every((p) => p.endsWith(".read"))).toBe(true);
  });
  it("keeps auditors read-only apart from exporting evidence", () => {
    expect(ROLE_PERMISSIONS.auditor.filter((p) => !p.endsWith(".read"))).toEqual(["audit.export", "compliance.export"]);
  });
  it("never lets the helpdesk touch roles, policies or settings", () => {
    for (const p of ["user.role.assign", "policy.publish", "settings.update", "idp.manage"] as const)
      expect(can("helpdesk", p)).toBe(false);
  });
  it("names only known permissions", () => {
    for (const r of ROLES) for (const p of ROLE_PERMISSIONS[r]) expect(PERMISSIONS).toContain(p);
  });
});
