"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Field, FormError, useZodForm } from "@/components/form";
import { api } from "@/lib/api";
import { type TTestEmail, ZTestEmail } from "@/server/notifications/schemas";
import { DELIVERIES_KEY } from "./types";

/** "Send test email": sends now through the saved settings and says plainly how it went. */
export function TestEmail({ defaultTo }: { defaultTo: string }) {
  const qc = useQueryClient();
  const f = useZodForm(ZTestEmail, { to: defaultTo });
  const send = useMutation({
    mutationFn: (body: TTestEmail) =>
      api<{ ok: boolean; message: string }>("/api/v1/notifications/email/test", { method: "POST", body }),
    onSettled: () => qc.invalidateQueries({ queryKey: DELIVERIES_KEY }),
  });
  return (
    <form
      noValidate
      aria-label="Send a test email"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (body) => {
          await send.mutateAsync(body);
        });
      }}
    >
      <FormError message={f.formError} />
      <div className="row test-email-row">
        <Field
          label="Send a test email to"
          name="to"
          type="email"
          value={f.values.to}
          error={f.errors.to}
          onChange={(v) => f.set("to", v)}
        />
        <button type="submit" disabled={f.pending}>
          {f.pending ? "Sending…" : "Send test email"}
        </button>
      </div>
      {send.data && (
        <p className={send.data.ok ? "notice" : "form-error"} role="status">
          {send.data.message}
        </p>
      )}
    </form>
  );
}
