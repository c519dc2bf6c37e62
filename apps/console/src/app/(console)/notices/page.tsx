import { currentUser } from "@/lib/current-user";
import { NoticesList } from "./notices-list";

export default async function NoticesPage() {
  await currentUser();
  return (
    <>
      <h1>Notices</h1>
      <p className="muted">
        Messages for you from the console: changes to how people sign in to your organisation, repeated sign-in failures
        on your account, and other things you should know about.
      </p>
      <NoticesList />
    </>
  );
}
