import { describe, expect, it } from "vitest";
import { parseRequestText } from "./parse-request";

const req = (t: string) => {
  const r = parseRequestText(t);
  if (!r.ok) throw new Error(r.message);
  return r.request;
};

describe("parseRequestText", () => {
  it("maps verbs to actions and keeps the objects", () => {
    expect(req('"install docker" by alice')).toEqual({
      action: "install_package",
      packages: ["docker"],
      user: "alice",
    });
    expect(req("install docker and vim")).toEqual({ action: "install_package", packages: ["docker", "vim"] });
    expect(req("uninstall firefox")).toEqual({ action: "remove_package", packages: ["firefox"] });
    expect(req("enable the nginx service as bob")).toEqual({
      action: "enable_service",
      services: ["nginx"],
      user: "bob",
    });
    expect(req("restart sshd").services).toEqual(["sshd"]);
    expect(req("disable cups").action).toBe("disable_service");
    expect(req("rm -rf /tmp/cache").action).toBe("delete_files");
    expect(req("delete old logs").action).toBe("delete_files");
    expect(req("upgrade the system").action).toBe("system_upgrade");
    expect(req("reboot").action).toBe("shutdown_system");
    expect(req("shut down now").action).toBe("shutdown_system");
    expect(req("chmod 777 /etc/passwd").action).toBe("change_permissions");
    expect(req("show disk usage").action).toBe("show_info");
  });

  it("recognises phrases whose verb alone would mislead", () => {
    expect(req("add user bob").action).toBe("add_user");
    expect(req("delete user bob").action).toBe("user_management");
    expect(req("open port 22 in the firewall").action).toBe("modify_firewall");
    expect(req("format disk /dev/sdb").action).toBe("format_disk");
    expect(req("load kernel module wireguard").action).toBe("kernel_modification");
  });

  it("says so when it understands nothing", () => {
    const r = parseRequestText("make me a sandwich");
    expect(r.ok).toBe(false);
  });
});
