import { orderNumbersInTextPattern } from "../domain/orders";

const EMAIL = /[^\s@<>()]{1,64}@[^\s@<>()]{1,190}\.[a-z]{2,}/gi;
const PHONE = /(?<![\w-])\+?\d[\d ().-]{6,}\d(?![\w-])/g;

/**
 * Replaces emails and phone numbers in free text (order numbers are kept). Used before text goes
 * into an LLM prompt and before a shopper's typed message is stored in a transcript.
 */
export function maskContactDetails(text: string, labels = { email: "[email hidden]", phone: "[phone hidden]" }): string {
  const orders: string[] = [];
  const shielded = text.replace(orderNumbersInTextPattern(), (m) => `\u0000${orders.push(m) - 1}\u0000`);
  return shielded
    .replace(EMAIL, labels.email)
    .replace(PHONE, labels.phone)
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => orders[Number(i)] ?? "");
}

export function containsEmail(text: string): boolean {
  EMAIL.lastIndex = 0;
  return EMAIL.test(text);
}
