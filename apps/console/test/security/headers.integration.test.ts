import { afterEach, describe, expect, it } from "vitest";
import * as enroll from "@/app/api/agent/v1/enroll/route";
import * as me from "@/app/api/v1/me/route";
import * as users from "@/app/api/v1/users/route";
import { resetEnvForTests } from "@/server/env";
import { call, makeOrg, PUBLIC_URL, setupTestDatabase } from "../harness";

setupTestDatabase();

afterEach(() => {
  process.env.PUBLIC_URL = PUBLIC_URL;
  resetEnvForTests();
});

describe("API response headers", () => {
  it("an authenticated answer is never stored by a browser or proxy", async () => {
    const org = await makeOrg();
    for (const r of [
      await call(me.GET, "GET", "/api/v1/me", { token: org.users.viewer.token }),
      await call(users.GET, "GET", "/api/v1/users", { token: org.users.admin.token }),
    ]) {
      expect(r.status).toBe(200);
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("errors carry the same headers", async () => {
    const r = await call(me.GET, "GET", "/api/v1/me", { token: "lnx_pat_wrong" });
    expect(r.status).toBe(401);
    expect(r.headers.get("cache-control")).toBe("no-store");
    const bad = await call(enroll.POST, "POST", "/api/agent/v1/enroll", { rawBody: "{" });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.headers.get("cache-control")).toBe("no-store");
  });

  it("sends Strict-Transport-Security only when PUBLIC_URL is https", async () => {
    const org = await makeOrg();
    const plain = await call(me.GET, "GET", "/api/v1/me", { token: org.users.viewer.token });
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    process.env.PUBLIC_URL = "https://console.example.com";
    resetEnvForTests();
    const tls = await call(me.GET, "GET", "/api/v1/me", { token: org.users.viewer.token });
    expect(tls.headers.get("strict-transport-security")).toMatch(/^max-age=63072000/);
  });
});
