import { emailChangeIsUsable } from "@/server/users/confirm-email-change";
import { ConfirmEmailForm } from "./confirm-email-form";

const INCOMPLETE_LINK = "This confirmation link is incomplete. Open the whole link from the email you were sent.";
const DEAD_LINK = "This confirmation link is invalid or has expired; ask an admin to change the email again.";

export const metadata = { title: "Confirm your email · Luminous Console" };

/** Opening the link changes nothing by itself (mail scanners open links): the button does. */
export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token: raw } = await searchParams;
  const token = typeof raw === "string" ? raw : "";
  const problem = !token ? INCOMPLETE_LINK : (await emailChangeIsUsable(token)) ? null : DEAD_LINK;
  return (
    <div className="signin-wrap">
      <div className="signin-box">
        <h1>Luminous Console</h1>
        <ConfirmEmailForm token={token} problem={problem} />
      </div>
    </div>
  );
}
