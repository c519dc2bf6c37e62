import { SigningKeys } from "@/components/devices/signing-keys";
import { viewerOf } from "@/components/users/access";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Signing keys · Luminous Console" };

export default async function SigningKeysPage() {
  const user = await requirePage("settings.read");
  return (
    <>
      <h1>Signing keys</h1>
      <p className="muted" style={{ marginTop: -8 }}>
        The org's Ed25519 key signs every policy bundle; agents pin its fingerprint at enrollment and refuse anything
        else.
      </p>
      <SigningKeys viewer={viewerOf(user)} />
    </>
  );
}
