/**
 * Numbers a model's sentence states: money amounts ("$1,200", "1.200 €", "USD 99", "150 dollars"),
 * percentages ("10% off", "0% APR") and durations ("1–2 business days", "3 to 4 weeks", "5 días").
 * The grounding guard compares them with the numbers of this turn's tool results and of the store's
 * knowledge base.
 */

const NUMBER = String.raw`\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const CURRENCY_BEFORE = String.raw`(?:US\s?\$|\$|€|£|USD\s?|EUR\s?)`;
const CURRENCY_AFTER = String.raw`(?:\$|€|£|USD\b|EUR\b|dollars?\b|euros?\b|d[óo]lares\b|dollar\b)`;
const MONEY = new RegExp(String.raw`${CURRENCY_BEFORE}\s?(${NUMBER})(\s?k\b)?|(${NUMBER})(\s?k)?\s?${CURRENCY_AFTER}`, "gi");

/** "1,200.50" / "1.200,50" / "1 200" / "12.5" → a number (thousands separators and decimal marks told apart). */
export function parseNumber(raw: string): number | undefined {
  const text = raw.replace(/[\u00a0\u202f ]/g, " ").trim();
  const last = Math.max(text.lastIndexOf("."), text.lastIndexOf(","));
  let value: number;
  if (last >= 0 && /^\d{1,2}$/.test(text.slice(last + 1))) {
    // The last separator is a decimal mark; every other one groups thousands.
    value = Number(`${text.slice(0, last).replace(/[.,\s]/g, "")}.${text.slice(last + 1)}`);
  } else {
    value = Number(text.replace(/[.,\s]/g, ""));
  }
  return Number.isFinite(value) ? value : undefined;
}

/** Money amounts in the text, in cents. */
export function moneyAmounts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MONEY)) {
    const raw = m[1] ?? m[3];
    const thousands = (m[2] ?? m[4]) !== undefined;
    const value = raw === undefined ? undefined : parseNumber(raw);
    if (value !== undefined) out.push(Math.round(value * (thousands ? 1000 : 1) * 100));
  }
  return out;
}

/** Every bare number in the text (what the shopper typed: "under 500", "1500-2000"), in cents. */
export function plainAmounts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(new RegExp(String.raw`(${NUMBER})(\s?k\b)?`, "gi"))) {
    const value = parseNumber(m[1]!);
    if (value !== undefined) out.push(Math.round(value * (m[2] ? 1000 : 1) * 100));
  }
  return out;
}

/** Percentages ("10%", "0 %"). */
export function percentages(text: string): number[] {
  return [...text.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s?%/g)].map((m) => Number(m[1]!.replace(",", ".")));
}

const UNITS =
  "hours?|days?|weeks?|months?|horas?|d[íi]as|semanas?|meses|heures?|jours?|semaines?|mois|stunden?|tagen?|tage|wochen?|monaten?|monate";
const DURATION = new RegExp(
  String.raw`(\d{1,3})(?:\s?(?:[-–—]|to|a|à|bis|or|o|ou|oder)\s?(\d{1,3}))?\s?(?:business\s|working\s|h[áa]biles\s|ouvrés\s|ouvrables\s|werktage|arbeitstage)?(?:${UNITS})\b`,
  "gi",
);

/** Numbers used as durations ("1–2 business days" → [1, 2]). */
export function durationNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(DURATION)) {
    out.push(Number(m[1]));
    if (m[2] !== undefined) out.push(Number(m[2]));
  }
  return out;
}

/** True when two prices are the same for a shopper (rounding to whole dollars or by 0.5%). */
export function samePrice(aCents: number, bCents: number): boolean {
  return Math.abs(aCents - bCents) <= Math.max(100, Math.round(Math.max(aCents, bCents) * 0.005));
}
