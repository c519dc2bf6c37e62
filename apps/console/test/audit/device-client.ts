import { createHash, randomBytes, randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";
import { appendToChain, type ChainLink, laneOf, type TChainedEvent, type TEventInput } from "@luminous/audit";
import { generateEd25519, signEd25519 } from "@luminous/crypto";
import type { PrismaClient } from "@luminous/db";

export const BASE = "https://console.test";
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

/** A device row with a real key, and helpers to sign requests and build chained events as the agent does. */
export async function makeDevice(
  prisma: PrismaClient,
  orgId: string,
  hostname = "ws-1",
  groupId: string | null = null,
  /** Pick the device id so its events link into this lane of the org chain. */
  lane?: number,
) {
  const key = generateEd25519();
  let id = randomUUID();
  while (lane !== undefined && laneOf(id) !== lane) id = randomUUID();
  const d = await prisma.device.create({
    data: { id, orgId, hostname, machineId: `m-${randomBytes(4).toString("hex")}`, publicKey: key.publicKey, groupId },
  });
  let head: ChainLink | null = null;
  return {
    id: d.id,
    hostname,
    key,
    /** The next events of this device's chain. */
    chain(inputs: TEventInput[]): TChainedEvent[] {
      return inputs.map((i) => {
        const e = appendToChain(head, i);
        head = { seq: e.seq, hash: e.hash };
        return e;
      });
    },
    sign(method: string, path: string, body: Buffer | string, headers: Record<string, string> = {}): Request {
      const iat = Math.floor(Date.now() / 1000);
      const h = b64({ alg: "EdDSA", typ: "JWT", kid: d.id });
      const c = b64({
        sub: d.id,
        aud: "luminous-agent-api",
        iat,
        exp: iat + 60,
        jti: randomBytes(16).toString("base64url"),
        htm: method,
        htu: path,
        bh: createHash("sha256").update(body).digest("base64url"),
      });
      const jwt = `${h}.${c}.${signEd25519(key.privateKeyPem, `${h}.${c}`)}`;
      return new Request(`${BASE}${path}`, {
        method,
        headers: { authorization: `Device ${jwt}`, "content-type": "application/json", ...headers },
        body: method === "GET" ? undefined : typeof body === "string" ? body : new Uint8Array(body),
      });
    },
    /** A gzip-compressed, signed POST /api/agent/v1/events. */
    post(body: unknown, opts: { gzip?: boolean; raw?: string } = {}): Request {
      const text = opts.raw ?? JSON.stringify(body);
      const gz = opts.gzip ?? true;
      return this.sign(
        "POST",
        "/api/agent/v1/events",
        gz ? gzipSync(text) : text,
        gz ? { "content-encoding": "gzip" } : {},
      );
    },
  };
}

export const input = (over: Partial<TEventInput> = {}): TEventInput => ({
  ts: new Date().toISOString(),
  type: "command_received",
  user: "alice",
  command: "ask-nix install docker and enable it",
  intent: { action: "install_package", packages: ["docker"], services: ["docker"] },
  ...over,
});
