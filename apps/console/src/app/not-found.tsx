import { StatusPage } from "@/components/ui/status-page";

export const metadata = { title: "Not found · Luminous Console" };

/** A not-found outside the console frame (the sign-in and invitation pages' own lookups). */
export default function RootNotFound() {
  return (
    <div className="signin-wrap">
      <div className="signin-box">
        <StatusPage title="Page not found">
          <p>There is nothing at this address.</p>
        </StatusPage>
      </div>
    </div>
  );
}
