import { inviteIsUsable } from "@/server/users/check-invite";
import { AcceptInviteForm } from "./accept-invite-form";

const INCOMPLETE_LINK =
  "This invitation link is incomplete. Open the whole link you were sent, or ask an admin for a new one.";
const DEAD_LINK = "This invitation link is invalid or has expired; ask an admin for a new one.";

export const metadata = { title: "Set your password · Luminous Console" };

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token: raw } = await searchParams;
  const token = typeof raw === "string" ? raw : "";
  const problem = !token ? INCOMPLETE_LINK : (await inviteIsUsable(token)) ? null : DEAD_LINK;
  return (
    <div className="signin-wrap">
      <div className="signin-box">
        <h1>Luminous Console</h1>
        <AcceptInviteForm token={token} problem={problem} />
      </div>
    </div>
  );
}
