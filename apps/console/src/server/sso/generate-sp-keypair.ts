import { generate } from "selfsigned";

/**
 * The console's own key pair for one SAML IdP: its certificate goes into the SP metadata (the IdP
 * encrypts assertions to it); the private key is stored encrypted and decrypts them.
 */
export async function generateSpKeyPair(commonName: string): Promise<{ cert: string; privateKey: string }> {
  const notAfter = new Date();
  notAfter.setFullYear(notAfter.getFullYear() + 10);
  const pems = await generate([{ name: "commonName", value: commonName.slice(0, 64) }], {
    keySize: 2048,
    algorithm: "sha256",
    notAfterDate: notAfter,
  });
  return { cert: pems.cert, privateKey: pems.private };
}
