"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/lib/api";
import type { TUserView } from "@/server/users/present";
import { may, type Viewer } from "./access";
import { Confirm } from "./ui";

type Action = "deactivate" | "reactivate" | "unlock";

/** Deactivate / reactivate / unlock, each behind the permission the server checks for it. */
export function UserStatusActions({ user, viewer }: { user: TUserView; viewer: Viewer }) {
  const qc = useQueryClient();
  const [asking, setAsking] = useState<Action | null>(null);
  const run = useMutation({
    mutationFn: (a: Action) => api<TUserView>(`/api/v1/users/${user.id}/${a}`, { method: "POST" }),
    onSuccess: (u) => {
      qc.setQueryData(["user", user.id], u);
      void qc.invalidateQueries({ queryKey: ["users"] });
      setAsking(null);
    },
  });
  const ask = (a: Action) => {
    run.reset();
    setAsking(a);
  };
  const canStatus = may(viewer, "user.deactivate");
  return (
    <div className="row">
      {user.locked && may(viewer, "user.unlock") && (
        <button type="button" onClick={() => ask("unlock")}>
          Clear sign-in throttling
        </button>
      )}
      {canStatus && user.status === "active" && (
        <button type="button" className="danger" onClick={() => ask("deactivate")}>
          Deactivate
        </button>
      )}
      {canStatus && user.status === "deactivated" && (
        <button type="button" onClick={() => ask("reactivate")}>
          Reactivate
        </button>
      )}
      <Confirm
        open={asking === "deactivate"}
        title={`Deactivate ${user.name}?`}
        confirmLabel="Deactivate user"
        danger
        pending={run.isPending}
        error={run.error?.message}
        onConfirm={() => run.mutate("deactivate")}
        onClose={() => setAsking(null)}
      >
        <p>
          Their sessions end at once and their API tokens are revoked for good (reactivating them does not bring the
          tokens back). They cannot sign in until someone reactivates them. Their history in the audit log stays.
        </p>
      </Confirm>
      <Confirm
        open={asking === "reactivate"}
        title={`Reactivate ${user.name}?`}
        confirmLabel="Reactivate user"
        pending={run.isPending}
        error={run.error?.message}
        onConfirm={() => run.mutate("reactivate")}
        onClose={() => setAsking(null)}
      >
        <p>They can sign in again with their existing password or single sign-on.</p>
      </Confirm>
      <Confirm
        open={asking === "unlock"}
        title={`Clear sign-in throttling for ${user.name}?`}
        confirmLabel="Clear throttling"
        pending={run.isPending}
        error={run.error?.message}
        onConfirm={() => run.mutate("unlock")}
        onClose={() => setAsking(null)}
      >
        <p>
          Repeated wrong passwords slow down sign-in to this account from the addresses they came from (other addresses
          are not affected). This clears it everywhere, so they can try again now.
        </p>
      </Confirm>
    </div>
  );
}
