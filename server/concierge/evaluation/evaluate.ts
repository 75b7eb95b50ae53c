/**
 * Pure evaluation of the rule engine's understanding layer against a labelled set.
 * Slot accuracy convention: category, metals (as a set) and price (min and max together) are checked on
 * every utterance, absent label = must be absent; readyToShip, orderNumber and ringSize only where labelled.
 */
import { classifyIntent } from "../understanding/classify";
import { INTENTS } from "../understanding/types";
import type { Classification, Intent, Slots } from "../understanding/types";
import type { LabelledUtterance } from "./utterances";

export interface IntentMetrics {
  intent: Intent;
  support: number;
  predicted: number;
  truePositives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SlotMetric {
  slot: string;
  checked: number;
  correct: number;
  accuracy: number;
}

export interface Miss {
  text: string;
  expected: Intent;
  actual: Intent;
  confidence: number;
  slotErrors: string[];
}

export interface EvaluationReport {
  total: number;
  correct: number;
  accuracy: number;
  perIntent: IntentMetrics[];
  /** slot name → metric; always contains category, metals, price. */
  slots: Record<string, SlotMetric>;
  /** confusion[expected][actual] = count */
  confusion: Record<Intent, Record<Intent, number>>;
  misses: Miss[];
}

type Classifier = (u: LabelledUtterance) => Classification;
const defaultClassifier: Classifier = (u) => classifyIntent(u.text, u.context);

const sameMetals = (a: readonly string[] | undefined, b: readonly string[] | undefined) => {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

const show = (v: unknown) => (v === undefined ? "∅" : Array.isArray(v) ? `[${v.join(",")}]` : String(v));

export function evaluateIntents(set: readonly LabelledUtterance[], classify: Classifier = defaultClassifier): EvaluationReport {
  const confusion = Object.fromEntries(INTENTS.map((e) => [e, Object.fromEntries(INTENTS.map((a) => [a, 0]))])) as Record<
    Intent,
    Record<Intent, number>
  >;
  const slotStats: Record<string, SlotMetric> = {};
  const tally = (slot: string, ok: boolean) => {
    const m = (slotStats[slot] ??= { slot, checked: 0, correct: 0, accuracy: 0 });
    m.checked += 1;
    if (ok) m.correct += 1;
  };
  for (const s of ["category", "metals", "price"]) slotStats[s] = { slot: s, checked: 0, correct: 0, accuracy: 0 };

  let correct = 0;
  const misses: Miss[] = [];
  for (const u of set) {
    const result = classify(u);
    const got: Slots = result.slots;
    const want = u.slots ?? {};
    confusion[u.intent][result.intent] += 1;
    const intentOk = result.intent === u.intent;
    if (intentOk) correct += 1;
    const slotErrors: string[] = [];
    const check = (slot: string, ok: boolean, expected: unknown, actual: unknown) => {
      tally(slot, ok);
      if (!ok) slotErrors.push(`${slot}: expected ${show(expected)} got ${show(actual)}`);
    };
    check("category", got.category === want.category, want.category, got.category);
    check("metals", sameMetals(got.metals, want.metals), want.metals, got.metals);
    check(
      "price",
      got.minPriceCents === want.minPriceCents && got.maxPriceCents === want.maxPriceCents,
      `${show(want.minPriceCents)}..${show(want.maxPriceCents)}`,
      `${show(got.minPriceCents)}..${show(got.maxPriceCents)}`,
    );
    if (want.readyToShip !== undefined) check("readyToShip", got.readyToShip === want.readyToShip, want.readyToShip, got.readyToShip);
    if (want.orderNumber !== undefined) check("orderNumber", got.orderNumber === want.orderNumber, want.orderNumber, got.orderNumber);
    if (want.ringSize !== undefined) check("ringSize", got.ringSize === want.ringSize, want.ringSize, got.ringSize);
    if (!intentOk || slotErrors.length) {
      misses.push({ text: u.text, expected: u.intent, actual: result.intent, confidence: result.confidence, slotErrors });
    }
  }
  for (const m of Object.values(slotStats)) m.accuracy = m.checked ? m.correct / m.checked : 1;

  const perIntent: IntentMetrics[] = INTENTS.map((intent) => {
    const support = INTENTS.reduce((s, a) => s + confusion[intent][a], 0);
    const predicted = INTENTS.reduce((s, e) => s + confusion[e][intent], 0);
    const tp = confusion[intent][intent];
    const precision = predicted ? tp / predicted : support ? 0 : 1;
    const recall = support ? tp / support : 1;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { intent, support, predicted, truePositives: tp, precision, recall, f1 };
  });

  return { total: set.length, correct, accuracy: set.length ? correct / set.length : 1, perIntent, slots: slotStats, confusion, misses };
}

export const ACCURACY_GATE = 0.9;

/** Names of the gates that fail (empty = pass): overall intent accuracy and category/metals/price slots. */
export function failedGates(report: EvaluationReport, gate = ACCURACY_GATE): string[] {
  const failed: string[] = [];
  if (report.accuracy < gate) failed.push(`intent accuracy ${report.accuracy.toFixed(3)} < ${gate}`);
  for (const s of ["category", "metals", "price"]) {
    const m = report.slots[s];
    if (m && m.accuracy < gate) failed.push(`${s} slot accuracy ${m.accuracy.toFixed(3)} < ${gate}`);
  }
  return failed;
}

const ABBREV: Record<Intent, string> = {
  find_product: "find",
  product_question: "prodq",
  store_info: "info",
  track_order: "trak",
  return_exchange: "retn",
  care_warranty: "care",
  shipping_info: "ship",
  financing: "fin",
  stylist_contact: "styl",
  shortlist: "shrt",
  order_updates: "updt",
  greeting: "greet",
  feedback: "fdbk",
  out_of_scope: "oos",
  clarify: "clar",
};

/** A plain-text report (tables, confusion matrix, misses). */
export function formatReport(report: EvaluationReport): string {
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  const lines: string[] = [];
  lines.push(`Intent accuracy: ${report.correct}/${report.total} = ${pct(report.accuracy)}`);
  lines.push("");
  lines.push(
    `${"intent".padEnd(16)} ${"n".padStart(4)} ${"pred".padStart(5)} ${"prec".padStart(7)} ${"recall".padStart(7)} ${"F1".padStart(7)}`,
  );
  for (const m of report.perIntent) {
    lines.push(
      `${m.intent.padEnd(16)} ${String(m.support).padStart(4)} ${String(m.predicted).padStart(5)} ${pct(m.precision).padStart(7)} ${pct(m.recall).padStart(7)} ${pct(m.f1).padStart(7)}`,
    );
  }
  lines.push("");
  lines.push(`${"slot".padEnd(16)} ${"checked".padStart(8)} ${"correct".padStart(8)} ${"accuracy".padStart(9)}`);
  for (const s of Object.values(report.slots)) {
    lines.push(`${s.slot.padEnd(16)} ${String(s.checked).padStart(8)} ${String(s.correct).padStart(8)} ${pct(s.accuracy).padStart(9)}`);
  }
  lines.push("");
  lines.push("Confusion (rows = expected, columns = predicted):");
  lines.push(`${"".padEnd(6)}${INTENTS.map((i) => ABBREV[i].padStart(6)).join("")}`);
  for (const e of INTENTS) {
    lines.push(
      `${ABBREV[e].padEnd(6)}${INTENTS.map((a) => (report.confusion[e][a] ? String(report.confusion[e][a]) : ".").padStart(6)).join("")}`,
    );
  }
  if (report.misses.length) {
    lines.push("");
    lines.push(`Misses (${report.misses.length}):`);
    for (const m of report.misses) {
      const intentPart = m.expected === m.actual ? `${m.actual}` : `expected ${m.expected}, got ${m.actual} (${m.confidence.toFixed(2)})`;
      lines.push(`  - "${m.text}": ${intentPart}${m.slotErrors.length ? `; ${m.slotErrors.join("; ")}` : ""}`);
    }
  }
  return lines.join("\n");
}
