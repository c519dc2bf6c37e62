import { describe, expect, it } from "vitest";
import {
  appendToChain,
  SIEM_SD_ID,
  type SiemEvent,
  type SiemMeta,
  toCEF,
  toLEEF,
  toSyslog,
  toSyslog5424,
} from "./index";

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
  /** Splits a LEEF 2.0 line as QRadar does: five header fields, the delimiter, then attributes at the delimiter and each pair at its first `=`. */
  function leef(line: string) {
    const header = headerFields(line, 6);
    expect(header[5]).toBe("x09");
    const attrs = Object.fromEntries(
      header[6]!.split("\t").map((kv) => {
        const i = kv.indexOf("=");
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
    );
    return { header: header.slice(0, 5), attrs };
  }

  it("is LEEF 2.0 with a declared tab delimiter, escaped header and values", () => {
    const line = toLEEF({ ...deny, id: "ev-1", command: hostile, user: "x\tsev=1" }, { ...meta, version: "v|1\\" });
    expect(line).not.toMatch(/[\r\n]/);
    const { header, attrs } = leef(line);
    expect(header).toEqual(["LEEF:2.0", "Luminous", "Luminous Console", "v\\|1\\\\", "policy_decision"]);
    expect(attrs.sev).toBe("7");
    // the tab cannot start a new attribute; `=` needs no escape after the first one
    expect(attrs.usrName).toBe("x\\tsev=1");
    expect(decodeSiem(attrs.command ?? "")).toBe(hostile);
    expect(attrs.eventId).toBe("ev-1");
    expect(attrs.devTime).toBe("2025-06-01T12:00:00.000Z");
    expect(Object.keys(attrs).filter((k) => k === "sev")).toHaveLength(1);
  });

  it("a backslash before a tab in a value cannot unescape the delimiter", () => {
    const { attrs } = leef(toLEEF({ ...deny, user: "a\\\tsev=10" }, meta));
    expect(attrs.sev).toBe("7");
    expect(decodeSiem(attrs.usrName!)).toBe("a\\\tsev=10");
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
    expect(JSON.parse(msg!)).toEqual({ ...event, deviceName: "ws-01", severity: 9 });
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
    expect(JSON.parse(msg)).toMatchObject({ severity: 2 });
    expect(JSON.parse(msg)).toMatchObject({ user: "zoë 🙂", command: "a\u2028b" });
  });
});

/** Parses RFC 5424 SD-ELEMENTs the way the RFC's ABNF reads them (PARAM-VALUE with \\" \\\\ \\] escapes). */
function structuredData(line: string): { elements: Record<string, Record<string, string>>; msg: string } {
  const head = /^<\d+>1 \S+ \S+ \S+ \S+ \S+ /.exec(line);
  expect(head).not.toBeNull();
  let i = head![0].length;
  const elements: Record<string, Record<string, string>> = {};
  while (line[i] === "[") {
    const id = /^\[([^ \]"=]+)/.exec(line.slice(i))!;
    i += id[0].length;
    const params: Record<string, string> = {};
    while (line[i] === " ") {
      const name = /^ ([^ \]"=]+)="/.exec(line.slice(i))!;
      i += name[0].length;
      let value = "";
      for (;;) {
        const c = line[i++]!;
        if (c === "\\" && ['"', "\\", "]"].includes(line[i]!)) value += line[i++];
        else if (c === '"') break;
        else if (c === "]") throw new Error("unescaped ] inside a PARAM-VALUE");
        else value += c;
      }
      params[name[1]!] = value;
    }
    expect(line[i]).toBe("]");
    i++;
    elements[id[1]!] = params;
  }
  expect(line[i]).toBe(" ");
  return { elements, msg: line.slice(i + 1) };
}

describe("the event id travels in every format", () => {
  const hostileId = 'id"] [x@1 a="b\\';
  const event: SiemEvent = { ...deny, id: hostileId, category: "agent", outcome: 'deny"]' };

  it('RFC 5424 escapes ", \\ and ] in SD-PARAM values so a value cannot close its element', () => {
    const { elements, msg } = structuredData(toSyslog(event, meta, "rfc5424"));
    expect(Object.keys(elements)).toEqual(["origin", SIEM_SD_ID]);
    expect(elements[SIEM_SD_ID]).toEqual({ eventId: hostileId, category: "agent", outcome: 'deny"]' });
    expect(JSON.parse(msg).id).toBe(hostileId);
  });

  it("CEF over syslog: externalId in the extension and eventId in the structured data", () => {
    const line = toSyslog(event, meta, "cef");
    const { elements, msg } = structuredData(line);
    expect(elements[SIEM_SD_ID]!.eventId).toBe(hostileId);
    expect(msg.startsWith("CEF:0|Luminous|")).toBe(true);
    expect(decodeSiem(cefExtension(msg).externalId!)).toBe(hostileId);
    expect(cefExtension(msg).cat).toBe("agent");
  });

  it("LEEF over syslog: eventId attribute", () => {
    const { msg } = structuredData(toSyslog(event, meta, "leef"));
    expect(msg.startsWith("LEEF:2.0|Luminous|Luminous Console|1.2.3|policy_decision|x09|")).toBe(true);
    expect(msg).toContain(`\teventId=${hostileId.replace(/\\/g, "\\\\")}\t`);
  });

  it("a trailing backslash in a CEF header field cannot escape the separator", () => {
    const line = toCEF({ ...deny, type: "x\\" }, { ...meta, version: "1\\" });
    const header = headerFields(line);
    expect(header.slice(3, 5)).toEqual(["1\\\\", "x\\\\"]);
    expect(header[6]).toBe("7");
  });
});
