"use client";
import type { PolicyError } from "@luminous/policy";
import { useRef } from "react";
import s from "./policies.module.css";
import { describeError } from "./policy-source";

/** The whole document as text, with line numbers; errors list their line and jump to it. */
export function YamlView({
  source,
  onChange,
  errors,
}: {
  source: string;
  onChange: (v: string) => void;
  errors: PolicyError[];
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const lines = source.split("\n").length;
  const bad = new Set(errors.map((e) => e.line).filter(Boolean));
  const jump = (line?: number) => {
    const t = area.current;
    if (!t || !line) return;
    const offset = source
      .split("\n")
      .slice(0, line - 1)
      .reduce((n, l) => n + l.length + 1, 0);
    t.focus();
    t.setSelectionRange(offset, offset + (source.split("\n")[line - 1]?.length ?? 0));
    t.scrollTop = Math.max(0, (line - 5) * 19);
  };
  return (
    <div>
      <div className={s.code}>
        <pre ref={gutter} className={s.gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a line number is its own identity
            <div key={i} className={bad.has(i + 1) ? s.gutterBad : undefined}>
              {i + 1}
            </div>
          ))}
        </pre>
        <textarea
          ref={area}
          aria-label="Policy YAML"
          aria-invalid={errors.length > 0 || undefined}
          className={s.codeArea}
          spellCheck={false}
          value={source}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      {errors.length > 0 && (
        <ul className={s.problems} aria-label="Problems">
          {errors.map((e) => (
            <li key={`${e.line}:${e.column}:${e.path}:${e.message}`}>
              <button type="button" onClick={() => jump(e.line)} disabled={!e.line}>
                {e.line ? `line ${e.line}${e.column ? `:${e.column}` : ""}` : "document"}
              </button>
              {describeError(e)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
