import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { globMatch } from "./glob";
import { defaultPolicy, type TPolicy } from "./schema";

function policy(edit: (p: TPolicy) => void): TPolicy {
  const p = defaultPolicy();
  edit(p);
  return p;
}

const open = policy((p) => {
  p.commands = { mode: "blacklist", whitelist: [], blacklist: ["format_disk"], require_approval: ["system_upgrade"] };
  p.mfa.operations = ["modify_firewall"];
});

describe("decide precedence", () => {
  it("denies an unknown action", () => {
    expect(decide(open, { action: "rm_rf_root" })).toMatchObject({ decision: "deny", rule: "unknown_action" });
    expect(decide(open, { action: "__proto__" }).decision).toBe("deny");
  });

  it("denies a blacklisted action", () => {
    expect(decide(open, { action: "format_disk" })).toMatchObject({ decision: "deny", rule: "commands.blacklist" });
  });

  it("blacklist wins over whitelist", () => {
    const p = policy((q) => {
      q.commands.mode = "whitelist";
      q.commands.whitelist = ["format_disk"];
      q.commands.blacklist = ["format_disk"];
    });
    expect(decide(p, { action: "format_disk" })).toMatchObject({ decision: "deny", rule: "commands.blacklist" });
  });

  it("in whitelist mode denies what is not whitelisted and allows what is", () => {
    const p = policy((q) => {
      q.commands = { mode: "whitelist", whitelist: ["show_info"], blacklist: [], require_approval: [] };
      q.mfa.operations = [];
    });
    expect(decide(p, { action: "install_package" })).toMatchObject({
      decision: "deny",
      rule: "commands.not_whitelisted",
    });
    expect(decide(p, { action: "show_info" })).toMatchObject({ decision: "allow", rule: "default.allow" });
  });

  it("in blacklist mode ignores the whitelist", () => {
    const p = policy((q) => {
      q.commands = { mode: "blacklist", whitelist: ["show_info"], blacklist: [], require_approval: [] };
    });
    expect(decide(p, { action: "install_package", packages: ["git"] }).decision).toBe("allow");
  });

  it("denies a package matching a deny glob, naming the glob", () => {
    const p = policy((q) => {
      q.commands.mode = "blacklist";
      q.packages = { allow: ["docker*"], deny: ["docker-*"] };
    });
    expect(decide(p, { action: "install_package", packages: ["git", "docker-compose"] })).toMatchObject({
      decision: "deny",
      rule: "packages.deny:docker-*",
    });
    expect(decide(p, { action: "install_package", packages: ["docker"] }).decision).toBe("allow");
  });

  it("denies a package outside a non-empty allow list; an empty allow list allows any", () => {
    const p = policy((q) => {
      q.commands.mode = "blacklist";
      q.packages = { allow: ["python3*", "git"], deny: [] };
    });
    expect(decide(p, { action: "install_package", packages: ["perl"] })).toMatchObject({
      decision: "deny",
      rule: "packages.not_allowed",
    });
    expect(
      decide(p, { action: "install_package", packages: ["python3", "python312Packages.numpy", "git"] }).decision,
    ).toBe("allow");
    const any = policy((q) => {
      q.commands.mode = "blacklist";
    });
    expect(decide(any, { action: "install_package", packages: ["anything-at-all"] }).decision).toBe("allow");
  });

  it("package rules deny even an action that would need MFA or approval", () => {
    const p = policy((q) => {
      q.commands.mode = "blacklist";
      q.commands.require_approval = ["install_package"];
      q.mfa.operations = ["install_package"];
      q.packages.deny = ["nmap"];
    });
    expect(decide(p, { action: "install_package", packages: ["nmap"] }).decision).toBe("deny");
  });

  it("does not apply package lists to removing a package", () => {
    const p = policy((q) => {
      q.commands.mode = "blacklist";
      q.commands.require_approval = [];
      q.packages = { allow: ["git"], deny: ["steam"] };
    });
    expect(decide(p, { action: "remove_package", packages: ["steam"] }).decision).toBe("allow");
  });

  it("MFA wins over approval", () => {
    const p = policy((q) => {
      q.commands.mode = "blacklist";
      q.commands.require_approval = ["modify_firewall"];
      q.mfa.operations = ["modify_firewall"];
    });
    expect(decide(p, { action: "modify_firewall" })).toMatchObject({ decision: "require_mfa", rule: "mfa.operations" });
  });

  it("requires approval for a listed action", () => {
    expect(decide(open, { action: "system_upgrade" })).toMatchObject({
      decision: "require_approval",
      rule: "commands.require_approval",
    });
  });

  it("allows everything else", () => {
    expect(decide(open, { action: "restart_service", services: ["nginx"], user: "alice" })).toEqual({
      decision: "allow",
      rule: "default.allow",
      reason: "restart_service is allowed",
    });
  });

  it("default policy denies destructive actions and asks for MFA on user changes", () => {
    const p = defaultPolicy();
    expect(decide(p, { action: "format_disk" }).decision).toBe("deny");
    expect(decide(p, { action: "add_user" }).decision).toBe("require_mfa");
    expect(decide(p, { action: "install_package", packages: ["docker"] }).decision).toBe("allow");
  });
});

describe("globMatch", () => {
  it("anchors and supports * and ?", () => {
    expect(globMatch("python3*", "python3")).toBe(true);
    expect(globMatch("python3*", "python311Packages.requests")).toBe(true);
    expect(globMatch("python3*", "xpython3")).toBe(false);
    expect(globMatch("git", "gitui")).toBe(false);
    expect(globMatch("py?hon", "python")).toBe(true);
    expect(globMatch("py?hon", "pyhon")).toBe(false);
    expect(globMatch("*-unwrapped", "chromium-unwrapped")).toBe(true);
    expect(globMatch("a*b*c", "aXbYbZc")).toBe(true);
    expect(globMatch("a*b*c", "aXbYbZ")).toBe(false);
    expect(globMatch("*", "")).toBe(true);
  });

  it("treats regex metacharacters literally", () => {
    expect(globMatch("gcc.+", "gcc.+")).toBe(true);
    expect(globMatch("gcc.+", "gcc12")).toBe(false);
  });

  it("stays fast on pathological patterns", () => {
    const start = performance.now();
    expect(globMatch(`${"*a".repeat(50)}b`, "a".repeat(5000))).toBe(false);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
