import Link from "next/link";
import { NEW_POLICY_TEMPLATE, PolicyEditor } from "@/components/policies/policy-editor";
import { requirePage } from "@/lib/current-user";
import { editorConfig } from "../editor-config";

export const metadata = { title: "New policy · Luminous Console" };

export default async function NewPolicyPage() {
  await requirePage("policy.write");
  return (
    <>
      <p style={{ margin: "0 0 8px" }}>
        <Link href="/policies">← Policies</Link>
      </p>
      <h1>New policy</h1>
      <PolicyEditor config={editorConfig()} initialSource={NEW_POLICY_TEMPLATE} initialLocked={[]} />
    </>
  );
}
