import { orderNumbersInTextPattern } from "../domain/orders";

const EMAIL = /[^\s@<>()]{1,64}@[^\s@<>()]{1,190}\.[a-z]{2,}/gi;
/** Anything that could be a phone number: digits with spaces, dots, dashes, brackets, an optional "+". */
const PHONE_CANDIDATE = /(?<![\w$€£.,/-])\+?\(?\d[\d ().\u2013-]{5,}\d(?![\w%/])/g;
const CURRENCY_BEFORE = /(?:[$€£]|\b(?:usd|eur|us\$))\s*$/i;
const CURRENCY_AFTER = /^\s*(?:[$€£]|k\b|(?:usd|eur|dollars?|euros?|bucks|d[óo]lares)\b)/i;
/** Words that make a number a phone number whatever it looks like. */
const PHONE_CONTEXT =
  /\b(?:call|phone|tel|telephone|mobile|cell|text|sms|whatsapp|number|reach|ring me|llama|tel[ée]fono|m[óo]vil|appel|appelez|t[ée]l[ée]phone|portable|anruf|rufen|telefon|handy|nummer)\b[^\d]{0,20}$/i;

/** "1.500" / "1500" → 1500 (a group of a range, thousands separators allowed). */
function groupValue(group: string): number | undefined {
  if (/^\d{1,3}(?:[.,]\d{3})+$/.test(group)) return Number(group.replace(/[.,]/g, ""));
  return /^\d+$/.test(group) ? Number(group) : undefined;
}

/**
 * Is this digit run a phone number, or a price, a price range ("1500-2000"), a year range or a date? Phone
 * numbers are kept out of prompts and transcripts; the rest must reach the model (budgets are the point).
 */
export function looksLikePhone(candidate: string, before: string, after: string): boolean {
  const digits = candidate.replace(/\D/g, "");
  if (digits.length < 7 || digits.length > 15) return false;
  if (CURRENCY_BEFORE.test(before) || CURRENCY_AFTER.test(after)) return false;
  if (PHONE_CONTEXT.test(before)) return true;
  if (/^\+|[()]/.test(candidate)) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(candidate)) return false; // an ISO date
  const range = /^([\d.]+)\s*[-\u2013]\s*([\d.]+)$/.exec(candidate);
  if (range) {
    const [a, b] = [range[1]!, range[2]!];
    const low = groupValue(a);
    const high = groupValue(b);
    if (low === undefined || high === undefined || /^0/.test(a) || /^0/.test(b) || low >= high) return true;
    // "555-1234" is a local number; "500-1000", "1500-2000", "2024-2025" are ranges.
    const localNumberShape = a.replace(/\D/g, "").length === 3 && b.replace(/\D/g, "").length === 4;
    return localNumberShape && !(low % 10 === 0 && high % 10 === 0);
  }
  return true;
}

/**
 * Replaces emails and phone numbers in free text (order numbers, prices and ranges are kept). Used before
 * text goes into an LLM prompt and before a shopper's typed message is stored in a transcript.
 */
export function maskContactDetails(text: string, labels = { email: "[email hidden]", phone: "[phone hidden]" }): string {
  const orders: string[] = [];
  const shielded = text.replace(orderNumbersInTextPattern(), (m) => `\u0000${orders.push(m) - 1}\u0000`);
  return shielded
    .replace(EMAIL, labels.email)
    .replace(PHONE_CANDIDATE, (match: string, offset: number, whole: string) =>
      looksLikePhone(
        match.trim(),
        whole.slice(Math.max(0, offset - 30), offset),
        whole.slice(offset + match.length, offset + match.length + 12),
      )
        ? labels.phone
        : match,
    )
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => orders[Number(i)] ?? "");
}

export function containsEmail(text: string): boolean {
  EMAIL.lastIndex = 0;
  return EMAIL.test(text);
}
