import { useState } from "react";
import { revealFocused, toolbarKeyDown } from "../../lib/widget/focus";

/**
 * A row of chips as one toolbar: a single Tab stop (the last chip used), arrow keys, Home and End
 * inside it, and a focused chip always scrolled fully into view.
 */
export function ChipBar({
  label,
  chips,
  className,
  onChoose,
  hidden,
}: {
  label: string;
  chips: ReadonlyArray<{ key: string; label: string }>;
  className: string;
  onChoose: (index: number) => void;
  hidden?: boolean;
}) {
  const [active, setActive] = useState(0);
  const current = Math.min(active, chips.length - 1);
  return (
    <div
      role="toolbar"
      aria-label={label}
      className={className}
      hidden={hidden}
      onKeyDown={(e) => toolbarKeyDown(e)}
      onFocus={(e) => {
        revealFocused(e);
        const i = Number((e.target as HTMLElement).dataset.i);
        if (Number.isInteger(i)) setActive(i);
      }}
    >
      {chips.map((chip, i) => (
        <button key={chip.key} type="button" className="cw-chip" data-i={i} tabIndex={i === current ? 0 : -1} onClick={() => onChoose(i)}>
          {chip.label}
        </button>
      ))}
    </div>
  );
}
