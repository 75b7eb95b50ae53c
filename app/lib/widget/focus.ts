import type { FocusEvent, KeyboardEvent } from "react";

const CANDIDATES =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]';

/** The elements Tab can reach inside `root`, in order (visible, not inert, radio groups counted once). */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(CANDIDATES)].filter((el) => {
    if (el.tabIndex < 0 || el.closest("[inert]") || el.getClientRects().length === 0) return false;
    if (el instanceof HTMLInputElement && el.type === "radio" && el.name) {
      const group = [...root.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)];
      const checked = group.find((r) => r.checked);
      return checked ? checked === el : group[0] === el;
    }
    return true;
  });
}

/**
 * Keeps Tab and Shift+Tab inside `root` (the open panel behaves as a dialog): from the last element
 * Tab wraps to the first and back; focus that fell outside (to <body>) comes back in.
 */
export function containTab(event: globalThis.KeyboardEvent, root: HTMLElement) {
  if (event.key !== "Tab") return;
  const items = tabbables(root);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  const active = document.activeElement as HTMLElement | null;
  if (!active || active === document.body || !root.contains(active)) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  } else if (event.shiftKey && active === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first.focus();
  }
}

/** Arrow keys, Home and End move between the buttons of a toolbar (one Tab stop per row of chips). */
export function toolbarKeyDown(event: KeyboardEvent<HTMLElement>, orientation: "horizontal" | "vertical" = "horizontal") {
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button:not([disabled])")];
  const i = items.indexOf(document.activeElement as HTMLButtonElement);
  if (i < 0) return;
  const [prev, next] = orientation === "horizontal" ? ["ArrowLeft", "ArrowRight"] : ["ArrowUp", "ArrowDown"];
  const to =
    event.key === next
      ? (i + 1) % items.length
      : event.key === prev
        ? (i - 1 + items.length) % items.length
        : event.key === "Home"
          ? 0
          : event.key === "End"
            ? items.length - 1
            : -1;
  if (to < 0) return;
  event.preventDefault();
  items[to]!.focus();
}

/**
 * A chip focused from the keyboard scrolls fully into view, focus ring included (its row's
 * scroll-padding leaves room). Never for a pointer: moving the row under a pressed button would turn
 * the click into a miss.
 */
export function revealFocused(event: FocusEvent<HTMLElement>) {
  const el = event.target;
  if (el instanceof HTMLElement && el.matches(":focus-visible")) el.scrollIntoView({ block: "nearest", inline: "nearest" });
}
