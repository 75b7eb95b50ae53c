import type { Language } from "../../domain/i18n/languages";
import type { NextStep } from "../knowledge/types";
import type { Chip, QuickLink } from "../messages";
import { t, type ConciergeKey } from "../i18n/translate";

const QUICK_LINK_KEYS: Array<[QuickLink, ConciergeKey]> = [
  ["gifts_under_300", "quick.gifts_under_300"],
  ["ready_to_ship", "quick.ready_to_ship"],
  ["track_order", "quick.track_order"],
  ["returns", "quick.returns"],
  ["stylist", "quick.stylist"],
];

/** The widget's quick links as chips, in the shopper's language. */
export function quickLinkChips(language: Language): Chip[] {
  return QUICK_LINK_KEYS.map(([link, key]) => ({ label: t(language, key), action: { kind: "quick_link", link } }));
}

/** "Talk to a stylist", carrying why (the ticket's reason is for staff, in English). */
export function stylistChip(language: Language, reason: string): Chip {
  return { label: t(language, "chip.stylist"), action: { kind: "request_stylist", reason: reason.slice(0, 200) } };
}

/** A knowledge entry's next step as a chip. */
export function nextStepChip(step: NextStep, language: Language, topicTitle: string): Chip {
  switch (step) {
    case "start_return":
      return { label: t(language, "chip.start_return"), action: { kind: "quick_link", link: "returns" } };
    case "track_order":
      return { label: t(language, "chip.track_order"), action: { kind: "quick_link", link: "track_order" } };
    case "find_size":
      return { label: t(language, "chip.find_size"), action: { kind: "knowledge", topic: "ring_sizing" } };
    case "ready_to_ship":
      return { label: t(language, "chip.ready_to_ship"), action: { kind: "quick_link", link: "ready_to_ship" } };
    case "gifts":
      return { label: t(language, "chip.gifts"), action: { kind: "quick_link", link: "gifts_under_300" } };
    case "shop_diamonds":
      return { label: t(language, "chip.shop_diamonds"), action: { kind: "search", params: { stones: ["lab diamond"] } } };
    case "shop_engravable":
      return { label: t(language, "chip.shop_engravable"), action: { kind: "search", params: { query: "engravable" } } };
    case "stylist":
      return stylistChip(language, `Question about ${topicTitle}`);
  }
}
