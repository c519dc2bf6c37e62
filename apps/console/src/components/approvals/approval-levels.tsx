import { When } from "@/components/users/ui";
import type { TApprovalDetail } from "@/server/approvals/get-approval-request";

const verdictText = (v: string) => (v === "approve" ? "approved" : "denied");

/** Every level that must agree: its tally and each decision (who, when, with which factor, why). */
export function ApprovalLevels({ request: r }: { request: TApprovalDetail }) {
  return (
    <section className="panel">
      <h2>Levels</h2>
      {r.breakGlass ? (
        <p className="muted" style={{ margin: 0 }}>
          Nobody decided: this action ran under break-glass.
        </p>
      ) : (
        <ul className="level-list" aria-label="Approval levels">
          {r.levels.map((l) => {
            const decisions = r.decisions.filter((d) => d.level === l.name);
            const done = l.approvals >= l.needed;
            return (
              <li key={l.name}>
                <div className="spread">
                  <strong>{l.name}</strong>
                  <span className={`badge ${done ? "ok" : "neutral"}`}>
                    {l.approvals} of {l.needed} approved
                  </span>
                </div>
                <div className="muted small" style={{ marginTop: 2 }}>
                  {l.group ? `Group ${l.group}` : "Anyone who may decide approvals"}
                  {l.timeWindow &&
                    ` · ${l.timeWindow.days.join(", ")} ${l.timeWindow.start}–${l.timeWindow.end} ${l.timeWindow.time_zone}`}
                </div>
                {decisions.length > 0 && (
                  <ul style={{ margin: "6px 0 0", paddingLeft: 18 }}>
                    {decisions.map((d) => (
                      <li key={d.id}>
                        <span className={d.verdict === "deny" ? "field-error" : undefined}>
                          {verdictText(d.verdict)}
                        </span>{" "}
                        by {d.by} <When iso={d.at} />
                        {d.mfaFactor && (
                          <>
                            {" "}
                            · confirmed with {d.mfaFactor === "totp" ? "an authenticator code" : "a recovery code"}
                            {d.mfaAt && (
                              <>
                                {" "}
                                at <time dateTime={d.mfaAt}>{new Date(d.mfaAt).toUTCString()}</time>
                              </>
                            )}
                          </>
                        )}
                        {d.reason && <>: “{d.reason}”</>}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
