import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

/**
 * A software WebAuthn authenticator for server tests: a P-256 (ES256) key pair, a signature
 * counter, "none" attestation. It answers the JSON options @simplewebauthn/server generates with
 * the JSON @simplewebauthn/browser would send, signed exactly as a hardware key signs (authenticator
 * data || SHA-256(clientDataJSON)), so the server verifies it with the same code as a real key.
 * Browser tests use Chromium's CDP virtual authenticator instead.
 */

type CborValue = number | string | Uint8Array | Map<CborValue, CborValue> | { [k: string]: CborValue };

function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 256) return Buffer.from([(major << 5) | 24, n]);
  if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}

/** The little CBOR WebAuthn needs: integers, byte and text strings, maps. */
export function cbor(v: CborValue): Buffer {
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    return Buffer.concat([head(3, b.length), b]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), v]);
  const entries = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, x]) => [cbor(k), cbor(x)])]);
}

const sha256 = (b: Uint8Array | string) => createHash("sha256").update(b).digest();
const b64u = (b: Uint8Array) => Buffer.from(b).toString("base64url");

export interface SoftAuthenticatorOptions {
  /** the origin the "browser" puts in clientDataJSON */
  origin: string;
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  counter = 0;

  constructor(readonly opts: SoftAuthenticatorOptions) {
    const kp = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.privateKey = kp.privateKey;
    this.publicKey = kp.publicKey;
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private coseKey(): Buffer {
    const jwk = this.publicKey.export({ format: "jwk" });
    return cbor(
      new Map<CborValue, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, "base64url")],
        [-3, Buffer.from(jwk.y!, "base64url")],
      ]),
    );
  }

  private authData(rpId: string, counter: number, attested: boolean): Buffer {
    const flags = 0x01 | 0x04 | (attested ? 0x40 : 0);
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const parts: Buffer[] = [sha256(rpId), Buffer.from([flags]), count];
    if (attested) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, this.coseKey());
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, origin?: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: origin ?? this.opts.origin, crossOrigin: false }));
  }

  /** navigator.credentials.create() with registration options (rp.id, challenge). */
  register(options: { challenge: string; rp: { id?: string } }, over: { origin?: string } = {}) {
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, over.origin);
    const authData = this.authData(options.rp.id ?? new URL(this.opts.origin).hostname, this.counter, true);
    const attestationObject = cbor({ fmt: "none", attStmt: {}, authData });
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        attestationObject: b64u(attestationObject),
        transports: ["usb"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform" as const,
    };
  }

  /**
   * navigator.credentials.get() with assertion options (rpId, challenge). The counter goes up by
   * one per signature unless `counter` says what to report (a cloned key's stale counter).
   */
  assert(options: { challenge: string; rpId?: string }, over: { origin?: string; counter?: number } = {}) {
    if (over.counter === undefined) this.counter += 1;
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, over.origin);
    const authData = this.authData(
      options.rpId ?? new URL(this.opts.origin).hostname,
      over.counter ?? this.counter,
      false,
    );
    const signature = sign("sha256", Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authData),
        signature: b64u(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "cross-platform" as const,
    };
  }
}
