import { describe, expect, it } from "vitest";
import { appendToChain, type SiemEvent, type SiemMeta, toCEF, toLEEF, toSyslog5424 } from "./index";

const meta: SiemMeta = { vendor: "Luminous", product: "Luminous Console", version: "1.2.3", hostname: "console-1" };
const hostile = "a|b=c\\d\ne\rf\tg";

const deny: SiemEvent = {
  ts: "2025-06-01T14:00:00.000+02:00",
  type: "policy_decision",
  user: "alice",
  ip: "192.0.2.7",
  command: 'ask-nix "install docker"',
  intent: { action: "install_package", packages: ["docker", "podman"] },
  decision: { decision: "deny", rule: "no-containers", reason: "containers need approval" },
};

/** Splits a CEF/LEEF line at its first `n` unescaped pipes; the last element is the rest. */
function headerFields(line: string, n = 7): string[] {
  const out: string[] = [];
  let cur = "";
  let esc = false;
  for (const [i, c] of [...line].entries()) {
    if (out.length === n) return [...out, line.slice(i)];
    if (esc) esc = false;
    else if (c === "\\") esc = true;
    else if (c === "|") {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  return [...out, cur];
}

/** Splits a CEF extension the way a receiver does: at spaces followed by `key=`. */
function cefExtension(line: string): Record<string, string> {
  const ext = headerFields(line)[7]!;
  const out: Record<string, string> = {};
  for (const m of ext.matchAll(/(\w+)=((?:\\.|[^\\])*?)(?= \w+=|$)/g)) out[m[1]!] = m[2]!;
  return out;
}

const decodeSiem = (s: string) =>
  s.replace(/\\(.)/g, (_m, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c));

describe("CEF", () => {
  it("encodes a denial with high severity and the fields an analyst filters on", () => {
    const line = toCEF(deny, meta);
    expect(line.startsWith("CEF:0|Luminous|Luminous Console|1.2.3|policy_decision|Policy decision: deny|7|")).toBe(
      true,
    );
    const ext = cefExtension(line);
    expect(ext).toMatchObject({
      suser: "alice",
      src: "192.0.2.7",
      act: "deny",
      cs3Label: "rule",
      cs3: "no-containers",
    });
    expect(ext.rt).toBe(String(Date.parse("2025-06-01T12:00:00Z")));
    expect(ext.cs4).toBe("docker,podman");
  });

  it("integrity alarms are the most severe", () => {
    const gap: SiemEvent = { ts: "2025-06-01T12:00:00Z", type: "integrity_gap" };
    expect(headerFields(toCEF(gap, meta))[6]).toBe("9");
    expect(headerFields(toCEF({ ...gap, type: "integrity_chain_break" }, meta))[6]).toBe("9");
    expect(headerFields(toCEF({ ...gap, type: "command_received" }, meta))[6]).toBe("2");
    expect(Number(headerFields(toCEF({ ...gap, type: "admin.user.create" }, meta))[6])).toBeLessThan(7);
  });

  it("escapes hostile content so it cannot add header fields or extension keys", () => {
    const evil: SiemEvent = {
      ts: "2025-06-01T12:00:00Z",
      type: "admin.x|y\\z",
      user: "mallory suser=root",
      command: `${hostile} act=allow`,
    };
    const line = toCEF(evil, { ...meta, version: "1|2", deviceName: "ws\\1" });
    expect(line).not.toMatch(/[\r\n]/);
    const header = headerFields(line);
    expect(header[3]).toBe("1\\|2");
    expect(header[4]).toBe("admin.x\\|y\\\\z");
    expect(header[5]).toBe("admin.x\\|y\\\\z");
    expect(header[6]).toBe("3");
    const ext = cefExtension(line);
    expect(decodeSiem(ext.cs1!)).toBe(`${hostile} act=allow`);
    expect(ext.cs1).toContain("a|b\\=c\\\\d\\ne\\rf\tg");
    expect(ext.act).toBeUndefined();
    expect(ext.dvchost).toBe("ws\\\\1");
    expect(line).toContain("suser=mallory suser\\=root");
  });
});

describe("LEEF", () => {
  it("is LEEF 1.0, tab-delimited, with escaped header and values", () => {
    const line = toLEEF({ ...deny, command: hostile, user: "x\tsev=1" }, { ...meta, version: "v|1" });
    expect(line).not.toMatch(/[\r\n]/);
    const header = headerFields(line, 5);
    expect(header.slice(0, 5)).toEqual(["LEEF:1.0", "Luminous", "Luminous Console", "v\\|1", "policy_decision"]);
    const attrs = Object.fromEntries(
      header[5]!.split("\t").map((kv) => {
        const i = kv.search(/(?<!\\)=/);
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
    );
    expect(attrs.sev).toBe("7");
    expect(attrs.usrName).toBe("x\\tsev\\=1");
    expect(decodeSiem(attrs.command ?? "")).toBe(hostile);
    expect(attrs.cat).toBe("policy_decision");
    expect(attrs.devTime).toBe("2025-06-01T12:00:00.000Z");
    expect(Object.keys(attrs).filter((k) => k === "sev")).toHaveLength(1);
  });
});

describe("syslog (RFC 5424)", () => {
  it("puts the event as JSON in MSG with facility log-audit and mapped severity", () => {
    const event = appendToChain(null, { ts: "2025-06-01T12:00:00Z", type: "integrity_chain_break", error: hostile });
    const line = toSyslog5424(event, { ...meta, deviceName: "ws-01" });
    expect(line).not.toMatch(/[\r\n]/);
    const m = line.match(/^<(\d+)>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[.*?[^\\]\]) (.*)$/);
    expect(m).not.toBeNull();
    const [, pri, ts, host, app, procid, msgid, sd, msg] = m!;
    expect(Number(pri)).toBe(13 * 8 + 2);
    expect(ts).toBe("2025-06-01T12:00:00.000Z");
    expect([host, app, procid, msgid]).toEqual(["console-1", "luminous-console", "-", "integrity_chain_break"]);
    expect(sd).toBe('[origin software="Luminous Console" swVersion="1.2.3"]');
    expect(JSON.parse(msg!)).toEqual({ ...event, deviceName: "ws-01" });
  });

  it("keeps header fields printable and MSG ASCII", () => {
    const line = toSyslog5424(
      { ts: "2025-06-01T12:00:00Z", type: "command_received", user: "zoë 🙂", command: "a\u2028b" },
      { ...meta, hostname: "bad host\n", version: '1"]x' },
    );
    expect(line).toMatch(/^<\d+>1 \S+ badhost luminous-console - command_received /);
    expect(line).toContain('swVersion="1\\"\\]x"');
    expect(/^[\x20-\x7e]*$/.test(line)).toBe(true);
    const msg = line.slice(line.indexOf("] {") + 2);
    expect(JSON.parse(msg)).toMatchObject({ user: "zoë 🙂", command: "a\u2028b" });
  });
});
