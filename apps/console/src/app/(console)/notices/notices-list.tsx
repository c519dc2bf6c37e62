"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { api } from "@/lib/api";
import type { NoticeView } from "@/server/notices/list-notices";

export function NoticesList() {
  const qc = useQueryClient();
  const router = useRouter();
  const list = useQuery({
    queryKey: ["notices"],
    queryFn: () => api<{ items: NoticeView[]; unread: number }>("/api/v1/me/notices?limit=200"),
  });
  const mark = useMutation({
    mutationFn: (body: { ids: string[] } | { all: true }) => api("/api/v1/me/notices/read", { method: "POST", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["notices"] });
      // The unread count lives in the server-rendered frame.
      router.refresh();
    },
  });
  if (list.isLoading) return <div className="loading">Loading notices…</div>;
  if (list.error) return <div role="alert">{(list.error as Error).message}</div>;
  const data = list.data!;
  return (
    <section className="panel" aria-labelledby="notices-heading">
      <div className="spread">
        <h2 id="notices-heading">{data.unread === 0 ? "Nothing unread" : `${data.unread} unread`}</h2>
        {data.unread > 0 && (
          <button type="button" disabled={mark.isPending} onClick={() => mark.mutate({ all: true })}>
            Mark all read
          </button>
        )}
      </div>
      {data.items.length === 0 ? (
        <p className="muted">No notices yet. Changes to sign-in settings and approval requests appear here.</p>
      ) : (
        <ul className="notice-list">
          {data.items.map((n) => (
            <li key={n.id} className={n.readAt ? "notice-item" : "notice-item unread"} data-kind={n.kind}>
              <div className="spread notice-head">
                <h3>
                  {!n.readAt && <span className="badge new">New</span>} {n.title}
                </h3>
                <time dateTime={n.createdAt} className="muted">
                  {new Date(n.createdAt).toLocaleString()}
                </time>
              </div>
              <p className="notice-body">{n.body}</p>
              <div className="row">
                {n.link && <Link href={n.link}>Open</Link>}
                {!n.readAt && (
                  <button
                    type="button"
                    disabled={mark.isPending}
                    onClick={() => mark.mutate({ ids: [n.id] })}
                    aria-label={`Mark read: ${n.title}`}
                  >
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
