import { currentUser } from "@/lib/current-user";
import { ROLE_LABELS } from "@/server/auth/permissions";
import { ApiTokens } from "./api-tokens";
import { ChangePassword } from "./change-password";
import { LinkedIdentities } from "./linked-identities";
import { SecurityKeys } from "./security-keys";
import { TwoFactor } from "./two-factor";

export default async function ProfilePage() {
  const u = await currentUser();
  return (
    <>
      <h1>Profile</h1>
      <section className="panel">
        <h2>{u.name}</h2>
        <div className="muted">
          {u.email} · {ROLE_LABELS[u.role]} · this session {u.mfa ? "used two-factor sign-in" : "used a password only"}
        </div>
      </section>
      <TwoFactor />
      <SecurityKeys />
      <ChangePassword />
      <LinkedIdentities />
      <ApiTokens />
    </>
  );
}
