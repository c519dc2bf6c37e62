import { Suspense } from "react";
import { Logo } from "@/components/ui/logo";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in · Luminous Console" };

export default function SignInPage() {
  return (
    <div className="signin-wrap">
      <div className="signin-box">
        <h1 className="signin-title">
          <Logo size={28} />
          Luminous Console
        </h1>
        <Suspense fallback={<div className="loading">Loading…</div>}>
          <SignInForm />
        </Suspense>
      </div>
    </div>
  );
}
