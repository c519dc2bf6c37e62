"use client";
import { CalendarDays } from "lucide-react";
import { useId, useState } from "react";
import { type DateRange, DayPicker } from "react-day-picker";
import "react-day-picker/style.css";
import { LOCAL_FORMAT_HINT, parseLocalText, toLocalText } from "./local-time";

type Bound = "from" | "to";

/**
 * A from/to range in the viewer's timezone: two text fields (typed, or pasted from a ticket) and a
 * calendar that picks whole days. A value that is no date, or a from after the to, is said next to
 * the fields and not applied. `ready` is false until the browser knows the viewer's timezone.
 */
export function DateRangeField({
  from,
  to,
  ready,
  onChange,
}: {
  from: string;
  to: string;
  ready: boolean;
  onChange: (bound: Bound, iso: string) => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [bad, setBad] = useState<Partial<Record<Bound, string>>>({});
  const labels = { from: "From", to: "To" } as const;

  const commit = (bound: Bound, text: string) => {
    const t = text.trim();
    const date = t ? parseLocalText(t) : null;
    if (t && !date) {
      setBad((b) => ({ ...b, [bound]: `${labels[bound]} must be a date and time as ${LOCAL_FORMAT_HINT}` }));
      return;
    }
    setBad((b) => ({ ...b, [bound]: undefined }));
    const iso = date ? date.toISOString() : "";
    if (iso !== (bound === "from" ? from : to)) onChange(bound, iso);
  };

  const selected: DateRange | undefined =
    from || to ? { from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined } : undefined;
  const pick = (r: DateRange | undefined) => {
    const start = r?.from ? new Date(r.from.getFullYear(), r.from.getMonth(), r.from.getDate()) : null;
    const endDay = r?.to ?? r?.from;
    const end = endDay ? new Date(endDay.getFullYear(), endDay.getMonth(), endDay.getDate(), 23, 59) : null;
    setBad({});
    onChange("from", start ? start.toISOString() : "");
    onChange("to", end ? end.toISOString() : "");
  };

  const inverted = from && to && Date.parse(from) > Date.parse(to);
  const messages = [
    bad.from,
    bad.to,
    inverted ? "From is after To: no event can match; swap them or pick the range again" : null,
  ].filter(Boolean) as string[];

  return (
    <div className="date-range">
      {(["from", "to"] as const).map((bound) => {
        const value = ready ? toLocalText(bound === "from" ? from : to) : "";
        return (
          <label key={bound} className="row">
            {labels[bound]}
            <input
              aria-label={labels[bound]}
              className="date-input"
              placeholder="YYYY-MM-DD HH:mm"
              defaultValue={value}
              key={value}
              aria-invalid={bad[bound] || (inverted && bound === "from") ? true : undefined}
              aria-describedby={messages.length ? `${id}-msg` : undefined}
              onBlur={(e) => commit(bound, e.target.value)}
              onKeyDown={(e) => e.key === "Enter" && commit(bound, e.currentTarget.value)}
            />
          </label>
        );
      })}
      <button
        type="button"
        className="icon-label"
        aria-expanded={open}
        aria-controls={`${id}-cal`}
        onClick={() => setOpen((o) => !o)}
      >
        <CalendarDays size={16} aria-hidden />
        Pick dates
      </button>
      {open && (
        <section className="date-popover" id={`${id}-cal`} aria-label="Pick a date range">
          <DayPicker mode="range" selected={selected} onSelect={pick} defaultMonth={selected?.from} />
          <div className="row">
            <button type="button" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </section>
      )}
      {messages.length > 0 && (
        <div className="field-error date-range-error" id={`${id}-msg`} role="alert">
          {messages.join(". ")}
        </div>
      )}
    </div>
  );
}
