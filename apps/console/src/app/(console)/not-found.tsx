import { StatusPage } from "@/components/ui/status-page";

export const metadata = { title: "Not found · Luminous Console" };

export default function ConsoleNotFound() {
  return (
    <StatusPage title="Page not found">
      <p>There is nothing at this address. It may have been removed, or the link is mistyped.</p>
    </StatusPage>
  );
}
