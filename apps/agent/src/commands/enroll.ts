import { existsSync } from "node:fs";
import path from "node:path";
import { generateEd25519, keyIdOf } from "@luminous/crypto";
import { z } from "zod";
import { hostFacts } from "../facts";
import { stateFiles, type TConfig, type TTrust } from "../files";
import { createClient } from "../http-client";
import { checkServerUrl } from "../loopback";
import { ensureStateDir, resolveStateDir, writeFileAtomic, writeJsonAtomic } from "../state";
import { syncOnce } from "../sync";

const TOKEN_RE = /^lnxe_[A-Za-z0-9_-]{43}\.([A-Za-z0-9_-]{1,64})$/;

const ZEnrollAnswer = z.object({
  deviceId: z.string().min(1),
  orgId: z.string().min(1),
  signingKeys: z.array(z.object({ keyId: z.string(), publicKey: z.string() })),
  pollIntervalSeconds: z.int().min(5),
});

export interface EnrollOptions {
  server: string;
  token: string;
  caFile?: string;
  stateDir?: string;
  force?: boolean;
}

/**
 * Enrolls this machine: a fresh Ed25519 key pair made here (the private key never leaves the
 * state dir, mode 0600), and the server's signing key accepted only if it matches the fingerprint
 * carried by the token (the pin), before anything the server says is trusted.
 */
export async function enroll(opts: EnrollOptions, out: (line: string) => void): Promise<number> {
  const server = checkServerUrl(opts.server);
  const m = TOKEN_RE.exec(opts.token.trim());
  if (!m) throw new Error("--token: not an enrollment token (lnxe_...<fingerprint>)");
  const fingerprint = m[1]!;
  const caFile = opts.caFile ? path.resolve(opts.caFile) : null;
  const f = stateFiles(resolveStateDir(opts.stateDir));
  if (existsSync(f.config) && !opts.force)
    throw new Error(`already enrolled (${f.config}); use --force to enroll again`);
  ensureStateDir(f.dir);

  const key = generateEd25519();
  const client = createClient({ server, caFile });
  const res = await client.call("POST", "/api/agent/v1/enroll", {
    token: opts.token.trim(),
    publicKey: key.publicKey,
    facts: hostFacts(),
  });
  const answer = ZEnrollAnswer.parse(res.json);
  const pinned = answer.signingKeys.find((k) => k.keyId === fingerprint);
  if (!pinned || keyIdOf(pinned.publicKey) !== fingerprint) {
    throw new Error(
      `the server's signing key does not match the token's fingerprint ${fingerprint}; refusing to trust it`,
    );
  }
  writeFileAtomic(f.privateKey, key.privateKeyPem, 0o600);
  writeJsonAtomic(f.trust, { pinnedKeyId: fingerprint, keys: { [fingerprint]: pinned.publicKey } } satisfies TTrust);
  const config: TConfig = {
    server,
    deviceId: answer.deviceId,
    orgId: answer.orgId,
    caFile,
    pollIntervalSeconds: answer.pollIntervalSeconds,
    enrolledAt: new Date().toISOString(),
  };
  writeJsonAtomic(f.config, config);
  out(`enrolled as device ${answer.deviceId} (org ${answer.orgId}); signing key ${fingerprint} pinned`);
  try {
    const r = await syncOnce({ f, config, privateKeyPem: key.privateKeyPem });
    out(r.applied ? `policy version ${r.version} applied` : "no policy yet");
  } catch (e) {
    out(`first policy sync failed (the daemon will retry): ${(e as Error).message}`);
  }
  return 0;
}
