import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/server/env";
import { EgressFailure } from "@/server/http/egress-failure";
import { egressFetch } from "@/server/http/egress-fetch";
import { checkEgressUrl } from "@/server/http/egress-policy";
import { PUBLIC_URL } from "../harness";

/** A real HTTP server on loopback playing the remote end; no database is needed. */
let server: http.Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  process.env.DATABASE_URL = "postgres://unused@127.0.0.1/unused";
  process.env.AUTH_SECRET = "x".repeat(40);
  process.env.MASTER_KEY = Buffer.alloc(32, 1).toString("base64");
  process.env.PUBLIC_URL = PUBLIC_URL;
  server = http.createServer((req, res) => {
    hits++;
    if (req.url === "/ok") return res.end(JSON.stringify({ issuer: "x" }));
    if (req.url === "/to-metadata")
      return res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
    if (req.url === "/to-private") return res.writeHead(301, { location: "http://10.0.0.8/admin" }).end();
    if (req.url === "/to-file") return res.writeHead(302, { location: "file:///etc/passwd" }).end();
    if (req.url === "/to-ok") return res.writeHead(302, { location: "/ok" }).end();
    if (req.url === "/big") return res.end(Buffer.alloc(3 * 1024 * 1024, 97));
    if (req.url === "/big-chunked") {
      res.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 64; i++) res.write(Buffer.alloc(64 * 1024, 97));
      return res.end();
    }
    if (req.url === "/secret-500") return res.writeHead(500).end("INTERNAL-SECRET-TOKEN root:x:0:0");
    if (req.url === "/hang") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function allow(list: string) {
  process.env.EGRESS_ALLOW = list;
  resetEnvForTests();
}

async function failure(p: Promise<unknown>): Promise<EgressFailure> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(EgressFailure);
  return e as EgressFailure;
}

describe("egress policy", () => {
  it("refuses loopback, the console itself and cloud metadata unless allowed, without connecting", async () => {
    allow("");
    const before = hits;
    expect((await failure(egressFetch(`${base}/ok`))).kind).toBe("refused_address");
    expect((await failure(egressFetch(`${base.replace("127.0.0.1", "localhost")}/ok`))).kind).toBe("refused_address");
    expect((await failure(egressFetch(`http://[::ffff:127.0.0.1]:${new URL(base).port}/ok`))).kind).toBe(
      "refused_address",
    );
    expect((await failure(egressFetch("http://169.254.169.254/latest/meta-data/"))).kind).toBe("refused_address");
    expect((await failure(egressFetch("https://[fe80::1]/"))).kind).toBe("refused_address");
    expect((await failure(egressFetch("https://10.1.2.3/"))).kind).toBe("refused_address");
    expect(hits).toBe(before);
  });

  it("never fetches the console's own origin, even when loopback is allowed", async () => {
    allow("127.0.0.0/8,::1");
    expect((await failure(egressFetch(`${PUBLIC_URL}/api/v1/me`))).kind).toBe("refused_address");
  });

  it("refuses file:// and other schemes, and credentials in the URL", async () => {
    allow("127.0.0.0/8");
    expect((await failure(egressFetch("file:///etc/passwd"))).kind).toBe("scheme");
    expect((await failure(egressFetch("gopher://127.0.0.1:6379/_INFO"))).kind).toBe("scheme");
    expect(() => checkEgressUrl("ftp://example.com/x")).toThrow(EgressFailure);
    expect((await failure(egressFetch(`http://user:pw@127.0.0.1:${new URL(base).port}/ok`))).kind).toBe("invalid_url");
  });

  it("requires https towards anything but an allowed loopback peer", async () => {
    allow("10.0.0.0/8");
    expect((await failure(egressFetch("http://10.1.2.3/"))).kind).toBe("scheme");
  });

  it("reaches an allowed peer and follows a redirect that stays allowed", async () => {
    allow("127.0.0.1");
    expect(JSON.parse((await egressFetch(`${base}/ok`)).body.toString())).toEqual({ issuer: "x" });
    expect((await egressFetch(`${base}/to-ok`)).status).toBe(200);
  });

  it("checks every redirect hop: metadata, private and file targets are refused", async () => {
    allow("127.0.0.1");
    for (const path of ["/to-metadata", "/to-private", "/to-file"]) {
      expect((await failure(egressFetch(`${base}${path}`))).kind).toBe("redirect");
    }
    expect((await failure(egressFetch(`${base}/to-ok`, { maxRedirects: 0 }))).kind).toBe("redirect");
  });

  it("bounds the answer's size, declared or streamed", async () => {
    allow("127.0.0.1");
    expect((await failure(egressFetch(`${base}/big`))).kind).toBe("too_large");
    expect((await failure(egressFetch(`${base}/big-chunked`, { maxBytes: 256 * 1024 }))).kind).toBe("too_large");
  });

  it("bounds the time", async () => {
    allow("127.0.0.1");
    const t = Date.now();
    expect((await failure(egressFetch(`${base}/hang`, { timeoutMs: 300 }))).kind).toBe("timeout");
    expect(Date.now() - t).toBeLessThan(2000);
  });

  it("names the failure class without echoing the remote body", async () => {
    allow("127.0.0.1");
    const e = await failure(egressFetch(`${base}/secret-500`));
    expect(e.kind).toBe("http_status");
    expect(e.message).toContain("500");
    expect(e.message).not.toContain("INTERNAL-SECRET");
  });

  it("the setting is validated at start-up, naming the variable", async () => {
    const { env } = await import("@/server/env");
    allow("127.0.0.1,not-an-address");
    expect(() => env()).toThrow(/EGRESS_ALLOW/);
    allow("");
  });
});
