import { ACTIONS } from "@luminous/policy";
import Link from "next/link";
import { Simulator } from "@/components/policies/simulator";
import { requirePage } from "@/lib/current-user";

export const metadata = { title: "Policy simulator · Luminous Console" };

export default async function SimulatorPage() {
  await requirePage("policy.read");
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link href="/policies">← Policies</Link>
      </p>
      <h1>Policy simulator</h1>
      <Simulator actions={[...ACTIONS]} />
    </>
  );
}
