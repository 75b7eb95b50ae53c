import { describeSearch } from "../journeys/describe-search";
import { quickLinkChips } from "../journeys/chips";
import type { ChatAction, ConciergeMessage, TranscriptEntry } from "../messages";

/** JSON with sorted keys, so an action compares equal to the chip it came from whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The label of the chip (or chooser option) the shopper tapped, from the newest message that offered it. */
function offeredLabel(action: ChatAction, history: readonly TranscriptEntry[]): string | undefined {
  const key = canonical(action);
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!.message;
    const offered = m.type === "refine_chips" ? m.chips : m.type === "intent_chooser" ? m.options : undefined;
    const hit = offered?.find((chip) => chip.action.kind === action.kind && canonical(chip.action) === key);
    if (hit) return hit.label;
  }
  return quickLinkChips("en").find((chip) => chip.action.kind === action.kind && canonical(chip.action) === key)?.label;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Actions described from the form the shopper submitted; every other action takes the label of the chip that offered it. */
const FORM_ACTIONS = new Set<ChatAction["kind"]>([
  "order_lookup",
  "confirm_return",
  "submit_escalation",
  "subscribe_updates",
  "submit_csat",
]);

/** Whether describing `action` looks for the chip that offered it in the recent transcript. */
export function needsOfferedLabel(action: ChatAction): boolean {
  return !FORM_ACTIONS.has(action.kind);
}

/**
 * How a structured action is stored as the shopper's entry: a `command` carrying the label the shopper
 * actually saw (the chip's own, "Gold") or a short account of a submitted form — never words the
 * shopper did not write, and no emails or phone numbers. Used by ChatService.start; lives here so the
 * turn pipeline owns it.
 */
export function describeAction(
  action: ChatAction,
  history: readonly TranscriptEntry[] = [],
): Extract<ConciergeMessage, { type: "command" }> {
  const command = (label: string) => ({ type: "command" as const, kind: action.kind, label: label.slice(0, 160) });
  switch (action.kind) {
    case "order_lookup":
      return command(`Looked up order ${action.orderNumber}`);
    case "confirm_return":
      return command(
        `Confirmed ${action.returnKind === "repair" ? "care & repair" : action.returnKind}${action.newRingSize ? ` to size ${action.newRingSize}` : ""} for ${action.orderNumber}`,
      );
    case "submit_escalation":
      return command("Sent contact details to a stylist");
    case "subscribe_updates":
      return command(`Updates for ${action.orderNumber} by ${action.channel === "sms" ? "text message" : "email"}`);
    case "submit_csat":
      return command(`Rated ${action.rating} out of 5`);
    default:
      break;
  }
  const offered = offeredLabel(action, history);
  if (offered) return command(offered);
  switch (action.kind) {
    case "quick_link":
      return command(capitalise(action.link.replace(/_/g, " ")));
    case "search":
      return command(capitalise(describeSearch(action.params)));
    case "more_results":
      return command("Show more");
    case "choose_intent":
      return command(capitalise(action.intent.replace(/_/g, " ")));
    case "start_return":
      return command(`Return or resize ${action.orderNumber}`);
    case "request_stylist":
      return command("Talk to a stylist");
    case "shortlist_add":
      return command("Saved a piece");
    case "shortlist_remove":
      return command("Removed a piece");
    case "shortlist_clear":
      return command("Cleared the shortlist");
    case "shortlist_show":
      return command("My shortlist");
    case "view_product":
      return command("Viewed a piece");
    case "knowledge":
      return command(capitalise(`About ${action.topic.replace(/_/g, " ")}`));
    case "return_to_concierge":
      return command("Back to the concierge");
  }
}
