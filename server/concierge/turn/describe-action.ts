import { quickLinkChips } from "../journeys/chips";
import type { ChatAction } from "../messages";

/**
 * How a structured UI action appears as the shopper's transcript entry (no emails or phone numbers).
 * Used by ChatService.start; lives here so the turn pipeline owns it.
 */
export function describeAction(action: ChatAction): string {
  switch (action.kind) {
    case "quick_link":
      return (
        quickLinkChips("en").find((c) => c.action.kind === "quick_link" && c.action.link === action.link)?.label ??
        action.link.replace(/_/g, " ")
      );
    case "search":
      return "Refine search";
    case "more_results":
      return "Show more";
    case "choose_intent":
      return action.intent.replace(/_/g, " ");
    case "order_lookup":
      return `Order ${action.orderNumber} (email provided)`;
    case "start_return":
      return `Return or resize ${action.orderNumber}`;
    case "confirm_return":
      return `Confirm ${action.returnKind}${action.newRingSize ? ` to size ${action.newRingSize}` : ""} for ${action.orderNumber}`;
    case "request_stylist":
      return "Talk to a stylist";
    case "submit_escalation":
      return "Sent my contact details";
    case "shortlist_add":
      return "Save to shortlist";
    case "shortlist_remove":
      return "Remove from shortlist";
    case "shortlist_clear":
      return "Clear shortlist";
    case "shortlist_show":
      return "Show my shortlist";
    case "view_product":
      return "View piece";
    case "subscribe_updates":
      return `Send ${action.channel === "sms" ? "texts" : "emails"} about ${action.orderNumber} (consent given)`;
    case "submit_csat":
      return `Rated ${action.rating}/5`;
    case "knowledge":
      return `About ${action.topic.replace(/_/g, " ")}`;
  }
}
