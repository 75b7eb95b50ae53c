/**
 * The store's knowledge (policies, sizing, care, diamonds, metals, shipping, financing, engraving, gifting,
 * sourcing) behind one service, used by the rule engine's answers and, through a tool, by the LLM engine.
 * Retrieval is MiniSearch (BM25+ with prefix and fuzzy matching) over passages: each topic's summary and
 * each of its `## ` sections, in every language the merchant wrote.
 */
import MiniSearch, { type SearchResult } from "minisearch";
import { DEFAULT_LANGUAGE, type Language } from "../../domain/i18n/languages";
import type { KnowledgeEntry, KnowledgeHit } from "./types";

interface Passage {
  id: string;
  topic: string;
  language: Language;
  /** -1 = the summary; otherwise the section index. */
  section: number;
  title: string;
  keywords: string;
  heading: string;
  text: string;
}

export interface KnowledgeSearchOptions {
  /** Answer in this language when the topic has it (English otherwise). */
  language?: Language;
  /** Only this topic (a follow-up: "and to Australia?" after a shipping answer). */
  topic?: string;
  /** Prefer a specific section over the topic's summary (the summary was already given). */
  sectionsFirst?: boolean;
  limit?: number;
}

/** Words too common to say anything about a topic, in the four catalog languages. */
const STOPWORDS = new Set(
  (
    "a an the and or of to in on at for with is are be it its this that these those do does did you your we our i me my " +
    "take takes get gets make go " +
    "what whats how can could would should will there any some about from by as if so not no yes please tell know want " +
    "el la los las un una unos unas de del y o en para por con es son que qué mi mis tu su sus se lo le al más " +
    "le la les un une des du de et ou en pour par avec est sont que qui mon ma mes votre vos nous je " +
    "der die das ein eine einen dem den des und oder in im für mit ist sind was wie ich mein meine ihr ihre sie es zu"
  ).split(/\s+/),
);

/** Contractions' "n't" halves read as "not" (so "isn't covered" meets "doesn't cover"). */
const NEGATIONS = new Set(["isn", "doesn", "aren", "don", "didn", "wasn", "weren", "won", "cannot", "not"]);

/** Words, with the ways shoppers write "the 4Cs" brought to one token. */
export function knowledgeTokens(text: string): string[] {
  return text
    .replace(/\b(?:4|four)\s*c'?s\b/gi, "4cs")
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((t) => t.length > 0);
}

/** Lowercase, accents folded, stopwords dropped, a plural -s and an English -ed/-ing trimmed. */
export function knowledgeTerm(term: string): string | null {
  let t = term
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/'s$/, "");
  if (NEGATIONS.has(t)) return "not";
  if (t.length < 2 || STOPWORDS.has(t)) return null;
  if (t.length > 4 && t.endsWith("s") && !t.endsWith("ss")) t = t.slice(0, -1);
  if (t.length > 6 && t.endsWith("ing")) t = t.slice(0, -3);
  else if (t.length > 5 && t.endsWith("ed")) t = t.slice(0, -2);
  return t;
}

/** Query terms a passage matched in its own words (heading or text), not through topic keywords or title. */
function ownTerms(r: SearchResult): Set<string> {
  return new Set(
    Object.entries(r.match)
      .filter(([, fields]) => fields.some((f) => f === "text" || f === "heading"))
      .map(([term]) => term),
  );
}

export class KnowledgeService {
  private readonly index: MiniSearch<Passage>;
  private readonly passages = new Map<string, Passage>();
  private readonly entries = new Map<string, KnowledgeEntry>();
  /** A turn's view keeps the last query's matches (see {@link forTurn}); the shared service keeps none. */
  private turnMemo: { query: string; results: SearchResult[] } | null | undefined;

  constructor(entries: readonly KnowledgeEntry[]) {
    this.index = new MiniSearch<Passage>({
      fields: ["title", "keywords", "heading", "text"],
      tokenize: knowledgeTokens,
      storeFields: ["topic", "language", "section"],
      processTerm: knowledgeTerm,
      searchOptions: {
        boost: { keywords: 3, heading: 2, title: 2, text: 1 },
        prefix: (term) => term.length >= 5,
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        combineWith: "OR",
      },
    });
    const docs: Passage[] = [];
    for (const entry of entries) {
      this.entries.set(key(entry.topic, entry.language), entry);
      const base = { topic: entry.topic, language: entry.language, title: entry.title };
      docs.push({
        ...base,
        id: `${entry.language}:${entry.topic}:-1`,
        section: -1,
        keywords: entry.keywords.join(" "),
        heading: "",
        text: entry.summary,
      });
      entry.sections.forEach((s, i) =>
        docs.push({ ...base, id: `${entry.language}:${entry.topic}:${i}`, section: i, keywords: "", heading: s.heading, text: s.body }),
      );
    }
    for (const d of docs) this.passages.set(d.id, d);
    this.index.addAll(docs);
  }

  /**
   * This knowledge base for one turn: the same index and answers, plus a memo of the last query's
   * matches — a rules turn searches the same words up to four times (within the current topic, anywhere,
   * for its intent's family). Nothing is kept across turns: each turn takes its own view.
   */
  forTurn(): KnowledgeService {
    const view = Object.create(this) as KnowledgeService;
    view.turnMemo = null;
    return view;
  }

  /**
   * Every passage matching `query`, best first, as MiniSearch scores them (its `filter` option only drops
   * results after scoring, so filtering these gives the same answer as passing it).
   */
  private matches(query: string): SearchResult[] {
    if (this.turnMemo === undefined) return this.index.search(query);
    if (this.turnMemo?.query !== query) this.turnMemo = { query, results: this.index.search(query) };
    return this.turnMemo.results;
  }

  /** Every passage's text (summaries and sections, every language): what the LLM's grounding guard may accept. */
  passageTexts(): string[] {
    return [...this.passages.values()].map((p) => (p.heading ? `${p.heading}. ${p.text}` : p.text));
  }

  /** Topic ids, in a stable order. */
  topics(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.topic))].sort();
  }

  /** A topic's general answer (or the section with this heading), in the language when written (English otherwise). */
  topic(topic: string, language: Language = DEFAULT_LANGUAGE, section?: string): KnowledgeHit | undefined {
    const entry = this.entries.get(key(topic, language)) ?? this.entries.get(key(topic, DEFAULT_LANGUAGE));
    if (!entry) return undefined;
    const index = section === undefined ? -1 : entry.sections.findIndex((s) => s.heading === section);
    return toHit(entry, index, 0, entry.language === language);
  }

  /**
   * The passages that best answer `query`, one per topic, best first. With `language`, the answer comes in
   * that language where the topic was translated; English passages are searched too (shoppers mix words),
   * and an English-only topic answers in English (`inRequestedLanguage: false`).
   */
  search(query: string, options: KnowledgeSearchOptions = {}): KnowledgeHit[] {
    const language = options.language ?? DEFAULT_LANGUAGE;
    const limit = options.limit ?? 3;
    const results = this.matches(query).filter(
      (r) => (r.language === language || r.language === DEFAULT_LANGUAGE) && (options.topic === undefined || r.topic === options.topic),
    );
    // Topics ranked by their best passage (the shopper's language slightly preferred over English).
    const byTopic = new Map<string, SearchResult[]>();
    for (const r of results) byTopic.set(r.topic as string, [...(byTopic.get(r.topic as string) ?? []), r]);
    const preferred = (x: SearchResult) => x.score * (x.language === language ? 1.15 : 1);
    const hits: KnowledgeHit[] = [];
    for (const [topic, passages] of byTopic) {
      const score = Math.max(...passages.map(preferred));
      const translated = this.entries.get(key(topic, language));
      const answerLanguage: Language = translated ? language : DEFAULT_LANGUAGE;
      let own = passages.filter((p) => p.language === answerLanguage);
      if (own.length === 0) {
        // An English passage matched a translated topic: find the answer in the shopper's version.
        own = this.matches(query).filter((x) => x.language === answerLanguage && x.topic === topic);
      }
      const entry = this.entries.get(key(topic, answerLanguage))!;
      hits.push(toHit(entry, choosePassage(own, options.sectionsFirst === true), score, answerLanguage === language));
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }
}

/**
 * Which passage of a topic answers: the summary for a general question; a section when it matches words
 * the summary does not contain ("allergic to nickel", "gift receipt", "what does express cost"); with
 * `sectionsFirst` (a follow-up), the best matching section.
 */
function choosePassage(passages: SearchResult[], sectionsFirst: boolean): number {
  const sections = passages.filter((p) => (p.section as number) >= 0).sort((a, b) => b.score - a.score);
  const summary = passages.find((p) => p.section === -1);
  if (sectionsFirst && sections[0] && ownTerms(sections[0]).size > 0) return sections[0].section as number;
  if (!summary) return sections[0] ? (sections[0].section as number) : -1;
  const summaryTerms = ownTerms(summary);
  const specific = sections.find((s) => [...ownTerms(s)].some((term) => !summaryTerms.has(term)));
  return specific ? (specific.section as number) : -1;
}

function key(topic: string, language: Language): string {
  return `${language}:${topic}`;
}

function toHit(entry: KnowledgeEntry, section: number, score: number, inRequestedLanguage: boolean): KnowledgeHit {
  const s = section >= 0 ? entry.sections[section] : undefined;
  return {
    topic: entry.topic,
    language: entry.language,
    title: entry.title,
    citation: entry.citation,
    intent: entry.intent,
    body: s ? s.body : entry.summary,
    ...(s ? { section: s.heading } : {}),
    next: entry.next,
    score,
    inRequestedLanguage,
  };
}
