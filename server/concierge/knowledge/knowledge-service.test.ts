import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKnowledgeService } from "./create";
import { KnowledgeService } from "./knowledge-service";
import { applyPolicyFile, builtInKnowledgeDir, loadKnowledgeDirectory, parseKnowledgeFile, splitSections } from "./load-knowledge";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "aurora-knowledge-"));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const builtIn = loadKnowledgeDirectory(builtInKnowledgeDir());
const kb = new KnowledgeService(builtIn);
const warn = () => undefined;

describe("the built-in knowledge content", () => {
  it("covers every topic the shoppers ask about, in English, and the main policy topics in es/fr/de", () => {
    expect(kb.topics()).toEqual(
      expect.arrayContaining([
        "returns",
        "shipping",
        "financing",
        "warranty",
        "care",
        "ring_sizing",
        "diamonds",
        "metals",
        "engraving",
        "gift_wrap",
        "sustainability",
      ]),
    );
    for (const language of ["es", "fr", "de"] as const) {
      const topics = builtIn.filter((e) => e.language === language).map((e) => e.topic);
      expect(topics, language).toEqual(expect.arrayContaining(["returns", "shipping", "financing", "warranty", "care", "ring_sizing"]));
    }
  });
});

describe("KnowledgeService.search", () => {
  it("returns the topic with its id, title, citation label and the answering passage", () => {
    const [hit] = kb.search("how much is shipping?");
    expect(hit).toMatchObject({
      topic: "shipping",
      title: "Shipping and delivery",
      citation: "our shipping policy",
      intent: "shipping_info",
    });
    expect(hit!.body).toMatch(/\$500/);
    expect(hit!.section).toBeUndefined();
  });

  it("answers a specific question from the section that has the words the summary lacks", () => {
    expect(kb.search("I'm allergic to nickel")[0]).toMatchObject({ topic: "metals", section: "Allergies and sensitive skin" });
    expect(kb.search("can I get a gift receipt?")[0]).toMatchObject({ topic: "gift_wrap", section: "Gift notes and receipts" });
    expect(kb.search("what are the 4 Cs?")[0]).toMatchObject({ topic: "diamonds" });
  });

  it("stays within a topic for a follow-up (sections first)", () => {
    const [hit] = kb.search("and to Australia?", { topic: "shipping", sectionsFirst: true });
    expect(hit).toMatchObject({ topic: "shipping", section: "Countries we ship to" });
    expect(hit!.body).toMatch(/Australia/);
    expect(kb.search("what isn't covered?", { topic: "warranty", sectionsFirst: true })[0]!.body).toMatch(/theft/);
  });

  it("answers in the shopper's language where the topic is translated, in English (flagged) where it is not", () => {
    expect(kb.search("¿Hacen envíos a México?", { language: "es" })[0]).toMatchObject({
      topic: "shipping",
      language: "es",
      citation: "nuestra política de envíos",
      inRequestedLanguage: true,
    });
    expect(kb.search("lab grown diamonds", { language: "de" })[0]).toMatchObject({
      topic: "diamonds",
      language: "en",
      inRequestedLanguage: false,
    });
  });

  it("finds nothing for words no topic uses", () => {
    expect(kb.search("hello")).toEqual([]);
  });

  it("gives a topic's answer (or one of its sections) by id", () => {
    expect(kb.topic("ring_sizing", "fr")).toMatchObject({ language: "fr", citation: "notre guide des tailles" });
    expect(kb.topic("shipping", "en", "Express and overnight delivery")!.body).toMatch(/\$45/);
    expect(kb.topic("nope")).toBeUndefined();
  });
});

describe("knowledge files", () => {
  it("splits a body into its summary and ## sections", () => {
    expect(splitSections("Summary line.\n\n## First\nOne.\n## Second\nTwo.")).toEqual({
      summary: "Summary line.",
      sections: [
        { heading: "First", body: "One." },
        { heading: "Second", body: "Two." },
      ],
    });
  });

  it("rejects a bad file with its path and the problem", () => {
    const ok = "---\ntopic: gifts\ntitle: Gifts\ncitation: our gift guide\nintent: store_info\n---\nWe wrap for free.\n";
    expect(parseKnowledgeFile("gifts.md", ok, "en")).toMatchObject({
      topic: "gifts",
      summary: "We wrap for free.",
      keywords: [],
      next: [],
    });
    expect(() => parseKnowledgeFile("x.md", ok.replace("intent: store_info", "intent: refunds"), "en")).toThrow(/x\.md: intent/);
    expect(() => parseKnowledgeFile("y.md", ok.replace("title: Gifts\n", "title: Gifts\nnext: [dance]\n"), "en")).toThrow(/y\.md: next/);
    expect(() => parseKnowledgeFile("z.md", "---\ntopic: gifts\n---\n## Only a section\nText", "en")).toThrow(/z\.md/);
    expect(() => parseKnowledgeFile("w.md", ok.replace("We wrap for free.", "## Heading\nbody"), "en")).toThrow(/summary paragraph/);
  });

  it("loads a merchant's directory instead of the built-in content (CONCIERGE_KNOWLEDGE_DIR)", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "en"));
    writeFileSync(
      path.join(dir, "en", "pickup.md"),
      "---\ntopic: pickup\ntitle: Store pickup\ncitation: our pickup service\nintent: shipping_info\nkeywords: [pickup, collect]\n---\nCollect your order at our Soho studio, free.\n",
    );
    const merchant = createKnowledgeService({ dir, policyFile: undefined, logger: { warn } });
    expect(merchant.topics()).toEqual(["pickup"]);
    expect(merchant.search("can I collect it?")[0]).toMatchObject({ topic: "pickup", citation: "our pickup service" });
    expect(() => createKnowledgeService({ dir: path.join(dir, "missing"), policyFile: undefined, logger: { warn } })).toThrow(
      /does not exist/,
    );
  });

  it("maps a legacy CONCIERGE_POLICY_FILE onto its topics, with a deprecation warning, and explains a bad one", () => {
    const dir = tempDir();
    const file = path.join(dir, "policies.json");
    writeFileSync(file, JSON.stringify({ shipping_info: "We ship worldwide for $10 flat." }));
    const warnings: string[] = [];
    const service = createKnowledgeService({
      dir: undefined,
      policyFile: file,
      logger: { warn: ((_o: unknown, m: string) => void warnings.push(m)) as never },
    });
    expect(service.search("how much is shipping?", { language: "es" })[0]).toMatchObject({
      topic: "shipping",
      body: "We ship worldwide for $10 flat.",
      inRequestedLanguage: false,
    });
    expect(warnings.join(" ")).toMatch(/deprecated.*CONCIERGE_KNOWLEDGE_DIR/);
    writeFileSync(file, JSON.stringify({ shipping: "typo key" }));
    expect(() => applyPolicyFile(builtIn, file)).toThrow(/Invalid policy file .*knowledge files \(CONCIERGE_KNOWLEDGE_DIR/);
  });
});

describe("a turn's view of the knowledge base (the last query's matches are kept for the turn)", () => {
  const queries = [
    "what is your return policy?",
    "how long does shipping take",
    "can I pay in installments",
    "is 14k or 18k gold better",
    "quelle est votre politique de retour",
    "wie lange dauert der versand",
    "engraving",
  ];
  const topics = [undefined, ...kb.topics().slice(0, 4)];

  it("answer exactly as a fresh service does, whatever the options, in any order", () => {
    const shared = new KnowledgeService(builtIn).forTurn();
    for (const query of queries)
      for (const language of ["en", "es", "fr", "de"] as const)
        for (const topic of topics) {
          const options = { language, limit: 5, ...(topic ? { topic, sectionsFirst: true } : {}) };
          // Twice on the shared service (the second from its kept matches), once on a service that never searched.
          shared.search(query, options);
          expect(shared.search(query, options)).toEqual(new KnowledgeService(builtIn).search(query, options));
        }
  });

  it("filter the kept matches as MiniSearch's own filter does (after scoring, order kept)", () => {
    const service = new KnowledgeService(builtIn).forTurn();
    const internals = service as unknown as {
      index: { search: (query: string, options?: { filter?: (r: { language: string; topic: string }) => boolean }) => unknown[] };
      matches: (query: string) => Array<{ language: string; topic: string }>;
    };
    for (const query of queries)
      for (const language of ["en", "fr"])
        for (const topic of topics) {
          const keep = (r: { language: string; topic: string }) => r.language === language && (topic === undefined || r.topic === topic);
          expect(internals.matches(query).filter(keep)).toEqual(internals.index.search(query, { filter: keep }));
        }
  });

  it("search the index once for the same words asked several ways in a turn, and keep nothing across turns", () => {
    const service = new KnowledgeService(builtIn);
    const index = (service as unknown as { index: { search: (...args: unknown[]) => unknown } }).index;
    const spy = vi.spyOn(index, "search");
    const turn = service.forTurn();
    turn.search("what is your return policy?", { language: "en" });
    turn.search("what is your return policy?", { language: "en", topic: "returns", sectionsFirst: true });
    turn.search("what is your return policy?", { language: "es", limit: 5 });
    expect(spy).toHaveBeenCalledTimes(1);
    turn.search("how long does shipping take", { language: "en" });
    expect(spy).toHaveBeenCalledTimes(2);
    service.forTurn().search("how long does shipping take", { language: "en" });
    service.search("how long does shipping take", { language: "en" });
    service.search("how long does shipping take", { language: "en" });
    expect(spy).toHaveBeenCalledTimes(5);
  });
});
