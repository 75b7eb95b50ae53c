import { describe, expect, it } from "vitest";
import type { ShownCard } from "../../domain/conversation-state";
import { detectCardAction, isEllipticalFollowUp } from "./product-asks";
import { resolveReference, resolveReferenceTryingEveryPattern } from "./references";

const card = (id: string, name: string, metal: ShownCard["metal"], priceCents: number, stones?: string[]): ShownCard => ({
  id,
  name,
  category: "ring",
  metal,
  priceCents,
  readyToShip: true,
  ...(stones ? { stones } : {}),
});
const shown = [
  card("a", "Oval Lab Diamond Solitaire Ring", "platinum", 495_000, ["lab diamond", "oval"]),
  card("b", "Sapphire Halo Ring", "white_gold_14k", 275_000, ["sapphire", "oval", "lab diamond", "round"]),
  card("c", "Dainty Stacking Band", "rose_gold_14k", 28_500),
  card("d", "Pearl Solitaire Ring", "sterling_silver", 9_500, ["pearl", "round"]),
];

describe("resolveReference", () => {
  it("by position", () => {
    expect(resolveReference("is the third one ready to ship?", shown)).toEqual({ kind: "ordinal", ids: ["c"] });
    expect(resolveReference("what about the last one", shown)).toEqual({ kind: "ordinal", ids: ["d"] });
    expect(resolveReference("compare the first two", shown)).toEqual({ kind: "ordinal", ids: ["a", "b"] });
    expect(resolveReference("save #2", shown)).toEqual({ kind: "ordinal", ids: ["b"] });
    expect(resolveReference("the first and second", shown)).toEqual({ kind: "ordinal", ids: ["a", "b"] });
  });

  it("by attribute: metal, stone, price, a word of the name", () => {
    expect(resolveReference("the rose gold one", shown)?.ids).toEqual(["c"]);
    expect(resolveReference("does the pearl one come in gold?", shown)?.ids).toEqual(["d"]);
    expect(resolveReference("the cheaper one", shown)?.ids).toEqual(["d"]);
    expect(resolveReference("the most expensive one", shown)?.ids).toEqual(["a"]);
    expect(resolveReference("how much is the halo?", shown)?.ids).toEqual(["b"]);
  });

  it("by pronoun: what the shopper last referred to, all cards for a plural, ambiguous otherwise", () => {
    expect(resolveReference("is it ready to ship?", shown, ["b"])).toEqual({ kind: "pronoun", ids: ["b"] });
    expect(resolveReference("do those come in yellow gold?", shown)?.ids).toEqual(["a", "b", "c", "d"]);
    expect(resolveReference("save it", shown)).toMatchObject({ kind: "ambiguous" });
    expect(resolveReference("save it", shown.slice(0, 1))).toEqual({ kind: "pronoun", ids: ["a"] });
  });

  it("is no reference when nothing is on screen or the words describe a new search", () => {
    expect(resolveReference("the third one", [])).toBeUndefined();
    expect(resolveReference("show me gold rings under 500", shown)).toBeUndefined();
  });
});

describe('resolveReference\'s shortcut (attribute patterns skipped without a determiner or "one")', () => {
  it("resolves every message as trying every pattern does", () => {
    // Seeded, so a failure reproduces: messages built from the words the patterns look for and the words around them.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const vocabulary = [
      ...["the", "that", "this", "those", "these", "them", "there", "theory", "The", "THAT"],
      ...["one", "ones", "someone", "one's", "onesie", "pair", "ring", "rings", "band", "hoops"],
      ...["rose", "gold", "yellow", "white", "platinum", "sterling", "silver", "pearl", "sapphire", "oval", "round", "lab", "diamond"],
      ...["dainty", "stacking", "solitaire", "halo", "bands", "pearls", "sapphires"],
      ...["i", "like", "want", "show", "me", "is", "ready", "to", "ship", "under", "300", "?", ",", "!", "-", "'", "in", "a"],
      ...["cheaper", "cheapest", "pricier", "less", "expensive", "option", "piece", "of"],
    ];
    const joiners = [" ", " ", " ", "  ", "-", ", "];
    const shownSets = [shown, shown.slice(0, 2), shown.slice(1), [shown[2]!, shown[3]!]];
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(random() * 8);
      let text = "";
      for (let w = 0; w < length; w++) {
        text += (w ? joiners[Math.floor(random() * joiners.length)]! : "") + vocabulary[Math.floor(random() * vocabulary.length)]!;
      }
      const cards = shownSets[i % shownSets.length]!;
      const focus = i % 3 === 0 ? [cards[0]!.id] : undefined;
      expect(resolveReference(text, cards, focus), text).toEqual(resolveReferenceTryingEveryPattern(text, cards, focus));
    }
  });

  it('still finds attributes named with a determiner or "one"', () => {
    expect(resolveReference("rose gold one please", shown)).toEqual({ kind: "attribute", ids: ["c"] });
    expect(resolveReference("I like that pearl ring", shown)).toEqual({ kind: "attribute", ids: ["d"] });
    expect(resolveReference("show me rose gold rings under 300", shown)).toBeUndefined();
  });
});

describe("detectCardAction", () => {
  it("reads what the shopper asks about pieces", () => {
    expect(detectCardAction("is the second one ready to ship?")).toBe("ready");
    expect(detectCardAction("which metals does it come in?")).toBe("metals");
    expect(detectCardAction("how many carats is the last one?")).toBe("stone");
    expect(detectCardAction("compare the first two")).toBe("compare");
    expect(detectCardAction("which is better for everyday wear?")).toBe("suited");
    expect(detectCardAction("which is better?")).toBe("compare");
    expect(detectCardAction("good for sensitive skin?")).toBe("suited");
    expect(detectCardAction("save the first two")).toBe("save");
    expect(detectCardAction("what sizes does it come in")).toBe("metals");
    expect(detectCardAction("what ring sizes are there")).toBe("sizes");
    expect(detectCardAction("hello")).toBeUndefined();
  });

  it("knows a short follow-up that repeats the last question", () => {
    expect(isEllipticalFollowUp("what about the first one?")).toBe(true);
    expect(isEllipticalFollowUp("and the second?")).toBe(true);
    expect(isEllipticalFollowUp("show me necklaces")).toBe(false);
  });
});
