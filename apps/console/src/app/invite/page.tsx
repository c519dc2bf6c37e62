import { AcceptInviteForm } from "./accept-invite-form";

export const metadata = { title: "Set your password · Luminous Console" };

export default async function InvitePage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const { token } = await searchParams;
  return (
    <div className="signin-wrap">
      <div className="signin-box">
        <h1>Luminous Console</h1>
        <AcceptInviteForm token={typeof token === "string" ? token : ""} />
      </div>
    </div>
  );
}
