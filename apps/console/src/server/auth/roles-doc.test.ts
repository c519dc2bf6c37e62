import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLES } from "./permissions";

describe("docs/roles.md", () => {
  it("shows exactly the permission table the guard enforces", () => {
    const md = readFileSync(path.resolve(import.meta.dirname, "../../../../../docs/roles.md"), "utf8");
    for (const p of PERMISSIONS) {
      const line = md.split("\n").find((l) => l.startsWith(`| \`${p}\` |`));
      expect(line, p).toBeDefined();
      const cells = line!
        .split("|")
        .slice(2, 2 + ROLES.length)
        .map((c) => c.trim() === "✓");
      expect(cells, p).toEqual(ROLES.map((r) => can(r, p)));
    }
  });
});
