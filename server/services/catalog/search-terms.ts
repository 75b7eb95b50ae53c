import { type CATEGORIES, METAL_LABELS, type Product } from "../../domain/catalog";

/** Words that never narrow a catalog search. */
const STOP_WORDS = new Set([
  "a",
  "an",
  "the",
  "and",
  "or",
  "for",
  "with",
  "in",
  "on",
  "of",
  "to",
  "my",
  "me",
  "i",
  "im",
  "some",
  "any",
  "show",
  "find",
  "looking",
  "want",
  "need",
  "like",
  "please",
  "pieces",
  "piece",
  "jewelry",
  "jewellery",
  "under",
  "over",
  "below",
  "above",
  "around",
  "about",
  "between",
  "less",
  "more",
  "than",
  "max",
  "min",
  "usd",
  "dollar",
  "dollars",
  "k",
  "is",
  "are",
  "do",
  "you",
  "have",
  "something",
  "gift",
  "gifts",
]);

/** Shopper words that mean a catalog category. */
const CATEGORY_WORDS: Record<string, (typeof CATEGORIES)[number]> = {
  ring: "ring",
  necklace: "necklace",
  earring: "earrings",
  bracelet: "bracelet",
};

/** Reduces a word to a simple singular: rings→ring, necklaces→necklace, watches→watch. */
export function stem(word: string): string {
  if (word.length > 4 && /(ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.slice(0, -1);
  return word;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0)
    .map(stem);
}

/** Query words that can narrow a search (stop words and numbers removed). */
export function queryTerms(text: string): string[] {
  return [...new Set(tokenize(text).filter((t) => !STOP_WORDS.has(t) && !/^\d/.test(t)))];
}

export function categoryOfTerm(term: string): (typeof CATEGORIES)[number] | undefined {
  return CATEGORY_WORDS[term];
}

/** The normalised words a product can be found by. */
export function productSearchTerms(p: Omit<Product, "id"> & { id?: string }): string[] {
  const words = [
    p.name,
    p.category,
    METAL_LABELS[p.metal],
    p.metal.includes("gold") ? "gold" : "",
    p.metal === "sterling_silver" ? "silver sterling" : "",
    ...p.stones.map((s) => `${s.type} ${s.shape ?? ""}`),
    ...p.styleTags,
    p.readyToShip ? "ready ship" : "made order",
  ].join(" ");
  return [...new Set(tokenize(words).filter((t) => !STOP_WORDS.has(t) && t !== "14k"))].sort();
}
