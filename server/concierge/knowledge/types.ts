import type { Language } from "../../domain/i18n/languages";
import type { Intent } from "../../domain/intents";

/** Next steps an entry may offer as a chip (labels come from the message catalog). */
export const NEXT_STEPS = [
  "start_return",
  "track_order",
  "find_size",
  "stylist",
  "ready_to_ship",
  "gifts",
  "shop_diamonds",
  "shop_engravable",
] as const;
export type NextStep = (typeof NEXT_STEPS)[number];

/** Intents a knowledge answer may report (the journey the question belongs to). */
export const KNOWLEDGE_INTENTS = [
  "care_warranty",
  "shipping_info",
  "financing",
  "return_exchange",
  "store_info",
] as const satisfies readonly Intent[];
export type KnowledgeIntent = (typeof KNOWLEDGE_INTENTS)[number];

export interface KnowledgeSection {
  heading: string;
  body: string;
}

/** One topic in one language, as the merchant wrote it (a markdown file with front matter). */
export interface KnowledgeEntry {
  /** Stable id shared by every language of the topic ("shipping"). */
  topic: string;
  language: Language;
  title: string;
  /** How an answer names its source: "From {citation}: …" ("our shipping policy"). */
  citation: string;
  intent: KnowledgeIntent;
  keywords: string[];
  /** The answer to the general question (the text before the first `## ` heading). */
  summary: string;
  /** Specific answers (`## Heading` + text), for follow-ups such as "and to Australia?". */
  sections: KnowledgeSection[];
  next: NextStep[];
  /** Where it came from (file path), for error messages. */
  source: string;
}

/** A search result: the passage that answers, in the requested language when the topic has it. */
export interface KnowledgeHit {
  topic: string;
  /** The language of `body` (English when the topic has no translation in the requested language). */
  language: Language;
  title: string;
  citation: string;
  intent: KnowledgeIntent;
  /** The answer text: the topic's summary, or the matching section. */
  body: string;
  /** The section heading when `body` is a section. */
  section?: string;
  next: NextStep[];
  score: number;
  /** False when the requested language had no version of this topic and English was used. */
  inRequestedLanguage: boolean;
}
