import type { ReactNode } from "react";

/**
 * A table's box: on a narrow screen the table scrolls sideways inside its card, so the box is a
 * named region reachable by keyboard (axe: scrollable-region-focusable).
 */
export function TableWrap({ label, wide, children }: { label: string; wide?: boolean; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls sideways must be reachable by keyboard
    <section className={wide ? "table-wrap scroll-x" : "table-wrap"} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
