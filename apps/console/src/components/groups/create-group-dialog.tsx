"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Field, FormError, useZodForm } from "@/components/form";
import { Modal } from "@/components/users/ui";
import { api } from "@/lib/api";
import type { TGroupView } from "@/server/groups/present";
import { type TCreateGroup, ZCreateGroup } from "@/server/groups/schemas";

export function CreateGroupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} onClose={onClose} title="Create group">
      <CreateGroupForm onCancel={onClose} />
    </Modal>
  );
}

function CreateGroupForm({ onCancel }: { onCancel: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const f = useZodForm(ZCreateGroup, { name: "", description: "" });
  const create = useMutation({
    mutationFn: (data: TCreateGroup) => api<TGroupView>("/api/v1/groups", { method: "POST", body: data }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["groups"] }),
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(async (data) => {
          const g = await create.mutateAsync(data);
          router.push(`/users/groups/${g.id}`);
        });
      }}
    >
      <FormError message={f.formError} />
      <Field
        label="Group name"
        name="name"
        value={f.values.name}
        error={f.errors.name}
        onChange={(v) => f.set("name", v)}
      />
      <Field
        label="Description"
        name="description"
        value={f.values.description}
        error={f.errors.description}
        onChange={(v) => f.set("description", v)}
      />
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={f.pending}>
          {f.pending ? "Creating…" : "Create group"}
        </button>
      </div>
    </form>
  );
}
