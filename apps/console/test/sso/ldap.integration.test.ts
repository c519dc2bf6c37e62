/**
 * LDAP / Active Directory-style sign-in against a real OpenLDAP slapd (users, groups, a nested
 * group; memberOf overlay), over plain LDAP, LDAPS and StartTLS with a private CA.
 */
import net from "node:net";
import { Attribute, Change, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as mappingsRoute from "@/app/api/v1/identity-providers/[id]/mappings/route";
import * as syncRoute from "@/app/api/v1/identity-providers/[id]/sync/route";
import * as testRoute from "@/app/api/v1/identity-providers/[id]/test/route";
import * as idpsRoute from "@/app/api/v1/identity-providers/route";
import { ZLdapSignIn } from "@/server/sso/schemas";
import { signInWithLdap } from "@/server/sso/sign-in-with-ldap";
import { SsoFailure } from "@/server/sso/sso-failure";
import { syncAllLdapDirectories } from "@/server/sso/sync-ldap-directory";
import { LDAP_ADMIN, LDAP_CA_PEM, LDAP_SERVICE, type Slapd, startSlapd } from "../../../../test-peers/ldap/slapd.mjs";
import { call, PUBLIC_URL, setupTestDatabase } from "../harness";
import { expectRefused, makeSsoOrg, sidOf, uniq } from "./helpers";
import { csrf, nextAuth } from "./next-auth-client";

const t = setupTestDatabase();
const DOMAIN = "ldap.luminous.test";
let slapd: Slapd;
let org: Awaited<ReturnType<typeof makeSsoOrg>>;
let slug: string;
let idpId: string;
let ip = 0;
const meta = () => ({ ip: `198.51.100.${++ip % 250}`, userAgent: "vitest" });

function ldapBody(over: Record<string, unknown> = {}) {
  return {
    type: "ldap",
    name: "Corp directory",
    slug: `dir-${uniq()}`,
    url: slapd.url,
    bindDn: LDAP_SERVICE.dn,
    bindPassword: LDAP_SERVICE.password,
    userBase: "ou=people,dc=luminous,dc=test",
    userFilter: "(&(objectClass=inetOrgPerson)(uid={username}))",
    groupMode: "memberOf",
    groupBase: "ou=groups,dc=luminous,dc=test",
    nestedGroups: true,
    timeoutMs: 3000,
    ...over,
  };
}

async function createIdp(over: Record<string, unknown> = {}, token = org.users.owner.token) {
  const r = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", { token, body: ldapBody(over) });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { id: string; slug: string };
}

async function asAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ url: slapd.url });
  await c.bind(LDAP_ADMIN.dn, LDAP_ADMIN.password);
  try {
    return await fn(c);
  } finally {
    await c.unbind();
  }
}

const userOf = (email: string) =>
  t.db.prisma.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });

beforeAll(async () => {
  slapd = await startSlapd();
  org = await makeSsoOrg(t, DOMAIN);
  const idp = await createIdp();
  slug = idp.slug;
  idpId = idp.id;
  const r = await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${idpId}/mappings`, {
    token: org.users.owner.token,
    params: { id: idpId },
    body: {
      mappings: [
        { idpGroup: "console-admins", role: "admin", groupId: org.groups.Platform },
        { idpGroup: "engineering", role: "helpdesk", groupId: org.groups.Engineering },
        { idpGroup: "developers", groupId: org.groups.Support },
      ],
    },
  });
  expect(r.status).toBe(200);
});

afterAll(async () => {
  await slapd?.stop();
});

describe("LDAP settings", () => {
  it("tests the connection and looks a user up, showing nested groups", async () => {
    const r = await call(testRoute.POST, "POST", `/api/v1/identity-providers/${idpId}/test`, {
      token: org.users.owner.token,
      params: { id: idpId },
      body: { username: "bob" },
    });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    expect(r.json.user).toMatchObject({ dn: "uid=bob,ou=people,dc=luminous,dc=test", email: `bob@${DOMAIN}` });
    expect(r.json.user.groups.sort()).toEqual(["developers", "engineering"]);
  });

  it("stores the service password encrypted and never returns it", async () => {
    const row = await t.db.prisma.identityProvider.findUniqueOrThrow({ where: { id: idpId } });
    expect(row.secretEnc).not.toContain(LDAP_SERVICE.password);
    expect(JSON.stringify(row.config)).not.toContain(LDAP_SERVICE.password);
    const list = await call(idpsRoute.GET, "GET", "/api/v1/identity-providers", { token: org.users.owner.token });
    expect(JSON.stringify(list.json)).not.toContain(LDAP_SERVICE.password);
    expect(list.json.items[0].hasSecret).toBe(true);
  });

  it("refuses a user filter without {username}, and non-admins", async () => {
    const bad = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.owner.token,
      body: ldapBody({ userFilter: "(uid=alice)" }),
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.fields.map((f: { path: string }) => f.path)).toContain("userFilter");
    const denied = await call(idpsRoute.POST, "POST", "/api/v1/identity-providers", {
      token: org.users.security_admin.token,
      body: ldapBody(),
    });
    expect(denied.status).toBe(403);
  });
});

describe("LDAP sign-in", () => {
  it("signs in through next-auth with the directory password: a Session row and its id in the cookie", async () => {
    const c = await csrf();
    const res = await nextAuth("POST", "/api/auth/callback/ldap", {
      jar: c.jar,
      body: {
        csrfToken: c.token,
        idp: slug,
        username: "alice",
        password: "alice-pass-1",
        callbackUrl: `${PUBLIC_URL}/`,
      },
    });
    const sid = await sidOf(res.jar["next-auth.session-token"]);
    expect(sid).toBeDefined();
    const s = await t.db.prisma.session.findUniqueOrThrow({ where: { id: sid! }, include: { user: true } });
    expect(s.method).toBe("ldap");
    expect(s.user).toMatchObject({ email: `alice@${DOMAIN}`, role: "admin", source: "ldap" });
    const link = await t.db.prisma.userIdentity.findFirstOrThrow({ where: { userId: s.userId } });
    expect(link).toMatchObject({ idpId, subject: "uid=alice,ou=people,dc=luminous,dc=test", linkedVia: "provisioned" });
  });

  it("maps a nested group: bob is in developers, developers is in engineering", async () => {
    await signInWithLdap({ idp: slug, username: "bob", password: "bob-pass-1" }, meta());
    const bob = await userOf(`bob@${DOMAIN}`);
    expect(bob.role).toBe("helpdesk");
    expect(bob.memberships.map((m) => m.groupId).sort()).toEqual([org.groups.Engineering, org.groups.Support].sort());
  });

  it("finds groups by group search as well as by memberOf", async () => {
    const other = await createIdp({ groupMode: "search", groupFilter: "(&(objectClass=groupOfNames)(member={dn}))" });
    await call(mappingsRoute.PUT, "PUT", `/api/v1/identity-providers/${other.id}/mappings`, {
      token: org.users.owner.token,
      params: { id: other.id },
      body: { mappings: [{ idpGroup: "engineering", role: "auditor" }] },
    });
    await signInWithLdap({ idp: other.slug, username: "carol", password: "carol-pass-1" }, meta());
    expect((await userOf(`carol@${DOMAIN}`)).role).toBe("auditor");
  });

  it("connects over LDAPS and StartTLS with the organisation's CA, and refuses an untrusted certificate", async () => {
    // One identity, one account: each directory here provisions carol afresh.
    await t.db.prisma.user.deleteMany({ where: { email: `carol@${DOMAIN}` } });
    const ldaps = await createIdp({ url: slapd.ldapsUrl, caCert: LDAP_CA_PEM() });
    await expect(
      signInWithLdap({ idp: ldaps.slug, username: "carol", password: "carol-pass-1" }, meta()),
    ).resolves.toHaveProperty("sessionId");
    await t.db.prisma.user.delete({ where: { email: `carol@${DOMAIN}` } });
    const startTls = await createIdp({ startTls: true, caCert: LDAP_CA_PEM() });
    await expect(
      signInWithLdap({ idp: startTls.slug, username: "carol", password: "carol-pass-1" }, meta()),
    ).resolves.toHaveProperty("sessionId");
    const untrusted = await createIdp({ url: slapd.ldapsUrl });
    await expectRefused(t, org.orgId, "ldap_unavailable", () =>
      expect(
        signInWithLdap({ idp: untrusted.slug, username: "carol", password: "carol-pass-1" }, meta()),
      ).rejects.toBeInstanceOf(SsoFailure),
    );
  });
});

describe("LDAP refusals, each audited with its reason", () => {
  it("a wrong password", async () => {
    await expectRefused(t, org.orgId, "ldap_bind_failed", () =>
      expect(signInWithLdap({ idp: slug, username: "alice", password: "not-her-password" }, meta())).rejects.toThrow(),
    );
  });

  it("an unknown user", async () => {
    await expectRefused(t, org.orgId, "unknown_user", () =>
      expect(signInWithLdap({ idp: slug, username: "mallory", password: "x" }, meta())).rejects.toThrow(),
    );
  });

  it.each([
    "*",
    "alice*",
    "a*e",
    "alice)(uid=*",
    "*)(|(uid=*",
    "alice)(|(objectClass=*)",
    "alice))(|(uid=*",
    "\\2a",
    "alice\\00",
  ])("LDAP injection in the username: %j", async (username) => {
    await expectRefused(t, org.orgId, "unknown_user", () =>
      expect(signInWithLdap({ idp: slug, username, password: "alice-pass-1" }, meta())).rejects.toBeInstanceOf(
        SsoFailure,
      ),
    );
  });

  it("refuses control characters in a username before anything else", () => {
    expect(ZLdapSignIn.safeParse({ idp: slug, username: "alice\u0000", password: "x" }).success).toBe(false);
  });

  it("an empty password never reaches the directory (it would be an anonymous bind)", async () => {
    const c = await csrf();
    const before = await t.db.prisma.session.count();
    const res = await nextAuth("POST", "/api/auth/callback/ldap", {
      jar: c.jar,
      body: { csrfToken: c.token, idp: slug, username: "alice", password: "" },
    });
    expect(res.jar["next-auth.session-token"]).toBeUndefined();
    expect(res.redirect).toMatch(/error=/);
    expect(await t.db.prisma.session.count()).toBe(before);
  });

  it("the service itself refuses an empty or blank password and audits it (not only the input schema)", async () => {
    for (const password of ["", "   ", "\t"]) {
      await expectRefused(t, org.orgId, "empty_password", () =>
        expect(signInWithLdap({ idp: slug, username: "alice", password }, meta())).rejects.toBeInstanceOf(SsoFailure),
      );
    }
  });

  it("an entry whose mail= is the owner's email gets no owner session: refused, audited, the owner told", async () => {
    await asAdmin((c) =>
      c.add("uid=eve,ou=people,dc=luminous,dc=test", {
        objectClass: ["inetOrgPerson"],
        uid: "eve",
        cn: "Eve",
        sn: "Eve",
        mail: org.users.owner.email,
        userPassword: "eve-pass-1",
      }),
    );
    const sessions = await t.db.prisma.session.count({ where: { userId: org.users.owner.id } });
    await expectRefused(t, org.orgId, "account_not_linked", () =>
      expect(signInWithLdap({ idp: slug, username: "eve", password: "eve-pass-1" }, meta())).rejects.toBeInstanceOf(
        SsoFailure,
      ),
    );
    expect(await t.db.prisma.session.count({ where: { userId: org.users.owner.id } })).toBe(sessions);
    expect(await t.db.prisma.userIdentity.count({ where: { userId: org.users.owner.id } })).toBe(0);
    expect(
      await t.db.prisma.notice.count({ where: { userId: org.users.owner.id, kind: "sso.signin.refused" } }),
    ).toBeGreaterThan(0);
  });

  it("a directory that does not answer times out, and the service password is never logged or audited", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const secret = `svc-secret-${uniq()}`;
    const dead = await createIdp({ url: `ldap://127.0.0.1:${port}`, bindPassword: secret, timeoutMs: 600 });
    const wrongSecret = await createIdp({ bindPassword: `${secret}-wrong` });
    const out: string[] = [];
    const spies = [process.stdout, process.stderr].map((s) =>
      vi.spyOn(s, "write").mockImplementation((chunk: string | Uint8Array) => {
        out.push(String(chunk));
        return true;
      }),
    );
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "debug";
    const started = Date.now();
    try {
      await expectRefused(t, org.orgId, "ldap_unavailable", () =>
        expect(
          signInWithLdap({ idp: dead.slug, username: "alice", password: "alice-pass-1" }, meta()),
        ).rejects.toThrow(),
      );
      expect(Date.now() - started).toBeLessThan(5000);
      await expectRefused(t, org.orgId, "ldap_unavailable", () =>
        expect(
          signInWithLdap({ idp: wrongSecret.slug, username: "alice", password: "alice-pass-1" }, meta()),
        ).rejects.toThrow(),
      );
    } finally {
      process.env.LOG_LEVEL = level;
      for (const s of spies) s.mockRestore();
      silent.close();
    }
    expect(out.join("")).not.toContain(secret);
    const events = await t.db.prisma.auditEvent.findMany({ where: { orgId: org.orgId } });
    expect(JSON.stringify(events, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(secret);
  });
});

describe("LDAP directory sync", () => {
  it("updates groups and deactivates users who left the directory, ending their sessions", async () => {
    const dave = await signInWithLdap({ idp: slug, username: "dave", password: "dave-pass-1" }, meta());
    await signInWithLdap({ idp: slug, username: "bob", password: "bob-pass-1" }, meta());
    expect((await userOf(`bob@${DOMAIN}`)).role).toBe("helpdesk");

    // bob leaves developers (and so engineering); dave leaves the company.
    await asAdmin(async (c) => {
      const member = (operation: "add" | "delete", uid: string) =>
        new Change({
          operation,
          modification: new Attribute({ type: "member", values: [`uid=${uid},ou=people,dc=luminous,dc=test`] }),
        });
      await c.modify("cn=developers,ou=groups,dc=luminous,dc=test", [member("add", "carol"), member("delete", "bob")]);
      await c.del("uid=dave,ou=people,dc=luminous,dc=test");
    });

    const r = await call(syncRoute.POST, "POST", `/api/v1/identity-providers/${idpId}/sync`, {
      token: org.users.admin.token,
      params: { id: idpId },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.deactivated).toEqual([`dave@${DOMAIN}`]);

    const daveRow = await userOf(`dave@${DOMAIN}`);
    expect(daveRow.status).toBe("deactivated");
    expect((await t.db.prisma.session.findUniqueOrThrow({ where: { id: dave.sessionId } })).revokedAt).not.toBeNull();
    const bob = await userOf(`bob@${DOMAIN}`);
    expect(bob.role).toBe("viewer");
    expect(bob.memberships).toEqual([]);
    const alice = await userOf(`alice@${DOMAIN}`);
    expect(alice).toMatchObject({ status: "active", role: "admin" });
    await expectRefused(t, org.orgId, "unknown_user", () =>
      expect(signInWithLdap({ idp: slug, username: "dave", password: "dave-pass-1" }, meta())).rejects.toThrow(),
    );
  });

  it("the scheduled sync covers every enabled LDAP IdP and a directory outage deactivates no one", async () => {
    await slapd.stop();
    const reports = await syncAllLdapDirectories();
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => "error" in r)).toBe(true);
    expect((await userOf(`alice@${DOMAIN}`)).status).toBe("active");
  });
});
