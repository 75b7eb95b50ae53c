import type { Category, Metal, StoneType } from "../../domain/catalog";
import type { Intent } from "../../domain/intents";
import type { ConciergeMessageType } from "../messages";

/** The languages a conversation is written in ("other" = a language the concierge does not support). */
export type CaseLanguage = "en" | "es" | "fr" | "de" | "other";

/** Which point of the behaviour a conversation exercises (issue 10's list). */
export type Covers = "on_screen" | "follow_up" | "knowledge" | "languages" | "chooser" | "orders";

/** Constraints every product card of the turn must meet (checked against the live catalog). */
export interface CardCheck {
  category?: Category;
  /** Each card's metal is one of these. */
  metals?: Metal[];
  maxPriceCents?: number;
  minPriceCents?: number;
  readyToShip?: true;
  /** Each card carries this stone. */
  stone?: StoneType;
  /** None of the cards shown on the previous card turn is repeated ("show me a few more"). */
  fresh?: true;
  /** Every card costs less than the cheapest card shown on the previous card turn ("something less expensive"). */
  cheaperThanShown?: true;
  /** At least this many cards (default 1). */
  min?: number;
}

/** What a turn must produce. Everything listed must hold; the intent chooser fails a turn unless `chooserOk`. */
export interface TurnCheck {
  /** The journey, as the intent the engine reports (any of, when several are acceptable). */
  intent?: Intent | Intent[];
  /** Message types that must appear. */
  has?: ConciergeMessageType[];
  /** Message types that must not appear. */
  not?: ConciergeMessageType[];
  chooserOk?: boolean;
  cards?: CardCheck;
  /** The concierge's text (all text messages of the turn) matches each of these. */
  says?: RegExp[];
  saysNot?: RegExp[];
  /** The text names the pieces shown before this turn at these positions (0-based, latest cards shown). */
  names?: number[];
  /** The text names at least one piece shown before this turn. */
  namesShown?: true;
  /** The language the concierge answered in (its text, product names aside). */
  language?: Exclude<CaseLanguage, "other">;
  /** A refine chip (or chooser option) whose label matches is offered. */
  chip?: RegExp;
}

export interface ConversationTurn {
  /** What the shopper types… */
  text?: string;
  /** …or the label of a chip/button from the previous concierge answer they tap. */
  tap?: RegExp;
  expect: TurnCheck;
}

export interface ConversationCase {
  id: string;
  language: CaseLanguage;
  covers: Covers;
  turns: ConversationTurn[];
}
