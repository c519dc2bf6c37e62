"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";

/** The console's SAML key for this IdP: when it was made, and rotating it (the IdP reloads the SP metadata). */
export function SpKeyPanel({ id, createdAt, signs }: { id: string; createdAt?: string; signs: boolean }) {
  const qc = useQueryClient();
  const [armed, setArmed] = useState(false);
  const rotate = useMutation({
    mutationFn: () => api(`/api/v1/identity-providers/${id}/sp-key`, { method: "POST" }),
    onSuccess: async () => {
      setArmed(false);
      await qc.invalidateQueries({ queryKey: ["idp", id] });
    },
  });
  return (
    <section className="panel" aria-labelledby="sp-key-heading">
      <h2 id="sp-key-heading">SP key</h2>
      <p className="muted">
        The console&apos;s key for this IdP {signs ? "signs authentication requests and " : ""}decrypts encrypted
        assertions; its certificate is in the SP metadata.
        {createdAt ? ` Generated ${new Date(createdAt).toLocaleDateString()}.` : ""}
      </p>
      {rotate.error && <div className="form-error">{(rotate.error as Error).message}</div>}
      {rotate.isSuccess && <p role="status">New SP key generated: load the SP metadata into the IdP again.</p>}
      {armed ? (
        <div className="row">
          <span>The IdP must load the new SP metadata, or signed requests and encrypted assertions fail.</span>
          <button type="button" className="danger" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
            Rotate now
          </button>
          <button type="button" onClick={() => setArmed(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" onClick={() => setArmed(true)}>
          Rotate SP key
        </button>
      )}
    </section>
  );
}
