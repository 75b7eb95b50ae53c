/**
 * Multi-turn evaluation: each conversation runs in a fresh widget session on a real runtime (embedded store,
 * demo catalog, rule engine), turn by turn through `chat.send`, and every turn is checked against its
 * expectations (journey, message types, card constraints, the chooser, names of the pieces referred to,
 * the answer's language).
 */
import { detectLanguage } from "../understanding/language";
import type { Product } from "../../domain/catalog";
import type { ChatAction, ConciergeMessage } from "../messages";
import { createTestRuntime, type TestRuntime } from "../../testing/test-runtime";
import { startWidgetSession } from "../../testing/widget-client";
import type { CaseLanguage, ConversationCase, TurnCheck } from "./conversation-types";

export interface TurnOutcome {
  conversation: string;
  turn: number;
  input: string;
  ok: boolean;
  /** The intent chooser was shown on a turn whose journey was clear. */
  needlessChooser: boolean;
  failures: string[];
}

export interface ConversationReport {
  conversations: number;
  conversationsOk: number;
  turns: number;
  turnsOk: number;
  needlessChoosers: number;
  perLanguage: Record<CaseLanguage, { turns: number; turnsOk: number; conversations: number; conversationsOk: number }>;
  misses: TurnOutcome[];
}

/**
 * The answer's language, with product names (kept as the store wrote them) taken out first: the detector
 * plus each language's cue words, without any conversation stickiness (tinyld alone misreads short answers).
 */
export function answerLanguage(text: string, productNames: readonly string[]): string | undefined {
  let t = text;
  for (const name of productNames) t = t.split(name).join(" ");
  t = t.replace(/GG-\d+|\$[\d,.]+|\d+/g, " ");
  const decided = detectLanguage(t);
  return decided.unsupported ? decided.unsupported : decided.language;
}

function textOf(messages: ConciergeMessage[]): string {
  return messages
    .filter((m): m is Extract<ConciergeMessage, { type: "text" }> => m.type === "text")
    .map((m) => m.text)
    .join(" ");
}

function chipsOf(messages: ConciergeMessage[]): Array<{ label: string; action: ChatAction }> {
  const out: Array<{ label: string; action: ChatAction }> = [];
  for (const m of messages) {
    if (m.type === "refine_chips") out.push(...m.chips);
    if (m.type === "intent_chooser") out.push(...m.options);
  }
  return out;
}

function cardsOf(messages: ConciergeMessage[]): string[] | undefined {
  const cards = messages.find((m) => m.type === "product_cards");
  return cards?.type === "product_cards" ? cards.products.map((p) => p.id) : undefined;
}

interface TurnContextForCheck {
  messages: ConciergeMessage[];
  intent: string | undefined;
  /** Cards on screen before this turn, in order. */
  shownBefore: string[];
  catalog: ReadonlyMap<string, Product>;
}

/** The reasons a turn fails its expectations (empty = pass). */
export function checkTurn(expect: TurnCheck, t: TurnContextForCheck): string[] {
  const failures: string[] = [];
  const types = t.messages.map((m) => m.type);
  const text = textOf(t.messages);
  const chooser = types.includes("intent_chooser");
  if (chooser && !expect.chooserOk) failures.push("showed the intent chooser");
  if (expect.intent !== undefined) {
    const allowed = Array.isArray(expect.intent) ? expect.intent : [expect.intent];
    if (!t.intent || !(allowed as string[]).includes(t.intent)) failures.push(`intent ${t.intent ?? "∅"} ∉ {${allowed.join(", ")}}`);
  }
  for (const type of expect.has ?? []) if (!types.includes(type)) failures.push(`no ${type}`);
  for (const type of expect.not ?? []) if (types.includes(type)) failures.push(`unexpected ${type}`);
  for (const re of expect.says ?? []) if (!re.test(text)) failures.push(`text does not match ${re}`);
  for (const re of expect.saysNot ?? []) if (re.test(text)) failures.push(`text matches ${re}`);
  const nameOf = (id: string | undefined) => (id ? t.catalog.get(id)?.name : undefined);
  for (const index of expect.names ?? []) {
    const name = nameOf(t.shownBefore[index]);
    if (!name) failures.push(`no card #${index + 1} was on screen`);
    else if (!text.includes(name)) failures.push(`does not name card #${index + 1} (${name})`);
  }
  if (expect.namesShown && !t.shownBefore.some((id) => text.includes(nameOf(id) ?? "\u0000")))
    failures.push("names none of the shown pieces");
  if (expect.chip && !chipsOf(t.messages).some((c) => expect.chip!.test(c.label))) failures.push(`no chip matching ${expect.chip}`);
  if (expect.language) {
    const names = [...t.catalog.values()].map((p) => p.name);
    const got = answerLanguage(text, names);
    if (got !== expect.language) failures.push(`answered in ${got ?? "?"}, not ${expect.language}`);
  }
  if (expect.cards) {
    const c = expect.cards;
    const ids = cardsOf(t.messages);
    if (!ids) failures.push("no product cards");
    else {
      if (ids.length < (c.min ?? 1)) failures.push(`only ${ids.length} cards`);
      const shownPrices = t.shownBefore.map((id) => t.catalog.get(id)?.priceCents ?? Infinity);
      const cheapestShown = Math.min(...shownPrices);
      for (const id of ids) {
        const p = t.catalog.get(id);
        if (!p) {
          failures.push(`card ${id} is not in the catalog`);
          continue;
        }
        const bad: string[] = [];
        if (c.category && p.category !== c.category) bad.push(p.category);
        if (c.metals && !c.metals.includes(p.metal)) bad.push(p.metal);
        if (c.maxPriceCents !== undefined && p.priceCents > c.maxPriceCents) bad.push(`$${p.priceCents / 100} > max`);
        if (c.minPriceCents !== undefined && p.priceCents < c.minPriceCents) bad.push(`$${p.priceCents / 100} < min`);
        if (c.readyToShip && !p.readyToShip) bad.push("made to order");
        if (c.stone && !p.stones.some((s) => s.type === c.stone)) bad.push(`no ${c.stone}`);
        if (c.fresh && t.shownBefore.includes(id)) bad.push("already shown");
        if (c.cheaperThanShown && p.priceCents >= cheapestShown) bad.push(`$${p.priceCents / 100} not below the cheapest shown`);
        if (bad.length) failures.push(`card ${id}: ${bad.join(", ")}`);
      }
    }
  }
  return failures;
}

/** Runs one conversation in a fresh session, turn by turn; the outcome of each turn. */
async function runConversation(
  t: TestRuntime,
  conversation: ConversationCase,
  catalog: ReadonlyMap<string, Product>,
): Promise<TurnOutcome[]> {
  const session = await startWidgetSession(t);
  const outcomes: TurnOutcome[] = [];
  let shown: string[] = [];
  let previous: ConciergeMessage[] = session.started.messages.map((e) => e.message);
  for (const [index, turn] of conversation.turns.entries()) {
    let input: string | ChatAction;
    let label: string;
    if (turn.tap) {
      const chip = chipsOf(previous).find((c) => turn.tap!.test(c.label));
      if (!chip) {
        outcomes.push({
          conversation: conversation.id,
          turn: index + 1,
          input: `[tap ${turn.tap}]`,
          ok: false,
          needlessChooser: false,
          failures: [`no chip matching ${turn.tap} to tap`],
        });
        continue;
      }
      input = chip.action;
      label = `[tap ${chip.label}]`;
    } else {
      input = turn.text ?? "";
      label = turn.text ?? "";
    }
    const res = await session.send(input);
    const failures = checkTurn(turn.expect, { messages: res.concierge, intent: res.intent, shownBefore: shown, catalog });
    outcomes.push({
      conversation: conversation.id,
      turn: index + 1,
      input: label,
      ok: failures.length === 0,
      needlessChooser: res.concierge.some((m) => m.type === "intent_chooser") && !turn.expect.chooserOk,
      failures,
    });
    shown = cardsOf(res.concierge) ?? shown;
    previous = res.concierge;
  }
  return outcomes;
}

export interface EvaluateOptions {
  /** Conversations run at the same time (each in its own session); the report keeps the set's order. Default 1. */
  concurrency?: number;
}

/** Runs every conversation (fresh session each) on one runtime; creates and cleans up its own runtime unless given one. */
export async function evaluateConversations(
  set: readonly ConversationCase[],
  given?: TestRuntime,
  options: EvaluateOptions = {},
): Promise<ConversationReport> {
  const t = given ?? (await createTestRuntime());
  try {
    const products = await t.runtime.services.catalog.search({ limit: 48 });
    const catalog = new Map<string, Product>();
    // The whole catalog, for checking cards (paged).
    let cursor: string | null | undefined;
    for (const p of products.items) catalog.set(p.id, p);
    cursor = products.nextCursor;
    while (cursor) {
      const page = await t.runtime.services.catalog.search({ limit: 48, cursor });
      for (const p of page.items) catalog.set(p.id, p);
      cursor = page.nextCursor;
    }
    const report: ConversationReport = {
      conversations: 0,
      conversationsOk: 0,
      turns: 0,
      turnsOk: 0,
      needlessChoosers: 0,
      perLanguage: Object.fromEntries(
        (["en", "es", "fr", "de", "other"] as const).map((l) => [l, { turns: 0, turnsOk: 0, conversations: 0, conversationsOk: 0 }]),
      ) as ConversationReport["perLanguage"],
      misses: [],
    };
    const results: TurnOutcome[][] = new Array(set.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < set.length; i = next++) results[i] = await runConversation(t, set[i]!, catalog);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, set.length)) }, worker));
    for (const [i, conversation] of set.entries()) {
      const outcomes = results[i]!;
      for (const outcome of outcomes) record(report, conversation.language, outcome);
      report.conversations += 1;
      report.perLanguage[conversation.language].conversations += 1;
      if (outcomes.every((o) => o.ok)) {
        report.conversationsOk += 1;
        report.perLanguage[conversation.language].conversationsOk += 1;
      }
    }
    return report;
  } finally {
    if (!given) await t.cleanup();
  }
}

function record(report: ConversationReport, language: CaseLanguage, outcome: TurnOutcome): void {
  report.turns += 1;
  report.perLanguage[language].turns += 1;
  if (outcome.ok) {
    report.turnsOk += 1;
    report.perLanguage[language].turnsOk += 1;
  } else report.misses.push(outcome);
  if (outcome.needlessChooser) report.needlessChoosers += 1;
}

export const TURN_GATE = 0.9;
export const CONVERSATION_GATE = 0.75;

export function formatConversationReport(title: string, r: ConversationReport): string {
  const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : "—");
  const lines = [
    `${title}\n  per turn ${r.turnsOk}/${r.turns} = ${pct(r.turnsOk, r.turns)} · whole conversations ${r.conversationsOk}/${r.conversations} = ${pct(r.conversationsOk, r.conversations)} · needless choosers ${r.needlessChoosers}`,
  ];
  for (const [lang, s] of Object.entries(r.perLanguage)) {
    if (s.turns)
      lines.push(
        `  ${lang.padEnd(6)} turns ${pct(s.turnsOk, s.turns).padStart(6)} (${s.turns}) · conversations ${pct(s.conversationsOk, s.conversations).padStart(6)} (${s.conversations})`,
      );
  }
  for (const m of r.misses) lines.push(`  - ${m.conversation} #${m.turn} "${m.input}": ${m.failures.join("; ")}`);
  return lines.join("\n");
}
