/**
 * Reads the store's knowledge content: one markdown file per topic and language
 * (`<dir>/<language>/<topic>.md`), with YAML front matter parsed by gray-matter and validated by zod.
 * A bad file stops start-up with its path and the problem.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import matter from "gray-matter";
import { z } from "zod";
import { LANGUAGES, type Language } from "../../domain/i18n/languages";
import { KNOWLEDGE_INTENTS, NEXT_STEPS, type KnowledgeEntry, type KnowledgeSection } from "./types";

const frontMatterSchema = z.strictObject({
  topic: z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be a short id such as shipping or ring_sizing"),
  title: z.string().trim().min(1).max(120),
  citation: z.string().trim().min(1).max(120),
  intent: z.enum(KNOWLEDGE_INTENTS),
  keywords: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .max(60)
    .default([]),
  next: z.array(z.enum(NEXT_STEPS)).max(4).default([]),
});

const MAX_BODY = 6000;

/** Splits a markdown body into its summary (before the first `## `) and `## ` sections. */
export function splitSections(body: string): { summary: string; sections: KnowledgeSection[] } {
  const parts = body.replace(/\r\n/g, "\n").split(/^##\s+/m);
  const summary = clean(parts[0] ?? "");
  const sections = parts.slice(1).map((part) => {
    const [heading = "", ...rest] = part.split("\n");
    return { heading: heading.trim(), body: clean(rest.join("\n")) };
  });
  return { summary, sections: sections.filter((s) => s.heading && s.body) };
}

function clean(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\s+\n/g, "\n")
    .replace(/\n{2,}/g, "\n\n")
    .trim();
}

/** Parses one knowledge file; throws a message naming the file on any problem. */
export function parseKnowledgeFile(source: string, text: string, language: Language): KnowledgeEntry {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text);
  } catch (error) {
    throw new Error(`Knowledge file ${source}: front matter is not valid YAML (${(error as Error).message})`, { cause: error });
  }
  const front = frontMatterSchema.safeParse(parsed.data);
  if (!front.success) {
    throw new Error(
      `Knowledge file ${source}: ${front.error.issues.map((i) => `${i.path.join(".") || "front matter"}: ${i.message}`).join("; ")}`,
    );
  }
  if (parsed.content.length > MAX_BODY) throw new Error(`Knowledge file ${source}: the text is longer than ${MAX_BODY} characters`);
  const { summary, sections } = splitSections(parsed.content);
  if (!summary) throw new Error(`Knowledge file ${source}: needs a summary paragraph before the first "## " heading`);
  return { ...front.data, language, summary, sections, source };
}

/** Every entry under `dir/<language>/*.md`. */
export function loadKnowledgeDirectory(dir: string): KnowledgeEntry[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`Knowledge directory ${dir} does not exist`);
  const entries: KnowledgeEntry[] = [];
  const seen = new Map<string, string>();
  for (const language of LANGUAGES) {
    const langDir = path.join(dir, language);
    if (!existsSync(langDir)) continue;
    for (const name of readdirSync(langDir).sort()) {
      if (!name.endsWith(".md")) continue;
      const file = path.join(langDir, name);
      const entry = parseKnowledgeFile(file, readFileSync(file, "utf8"), language);
      const key = `${language}:${entry.topic}`;
      const other = seen.get(key);
      if (other) throw new Error(`Knowledge files ${other} and ${file} both define topic "${entry.topic}" in ${language}`);
      seen.set(key, file);
      entries.push(entry);
    }
  }
  if (!entries.some((e) => e.language === "en"))
    throw new Error(`Knowledge directory ${dir} has no English entries (${path.join(dir, "en")}/*.md)`);
  return entries;
}

/** The built-in GlowGlitch content, found beside this module in the source tree or from the built server. */
export function builtInKnowledgeDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = [path.join(dir, "content"), path.join(dir, "server/concierge/knowledge/content")].find((c) =>
      existsSync(path.join(c, "en")),
    );
    if (candidate) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error("The built-in knowledge content (server/concierge/knowledge/content) was not found");
}

/** The legacy CONCIERGE_POLICY_FILE keys, mapped onto knowledge topics. */
export const POLICY_FILE_TOPICS = {
  care_warranty: "care",
  shipping_info: "shipping",
  financing: "financing",
  returns_policy: "returns",
} as const;

const policyFileSchema = z.strictObject({
  care_warranty: z.string().min(1).max(1500).optional(),
  shipping_info: z.string().min(1).max(1500).optional(),
  financing: z.string().min(1).max(1500).optional(),
  returns_policy: z.string().min(1).max(1500).optional(),
});

/**
 * Applies a legacy policy JSON file: each key replaces its topic's English answer (sections dropped, since
 * they may contradict it) and removes that topic's translations (a shopper gets the store's own words in
 * English rather than the built-in ones). Throws a clear message for a file it cannot read.
 */
export function applyPolicyFile(entries: KnowledgeEntry[], file: string): KnowledgeEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`CONCIERGE_POLICY_FILE ${file} could not be read as JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = policyFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Invalid policy file ${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "file"}: ${i.message}`).join("; ")}. ` +
        "Policy files are replaced by knowledge files (CONCIERGE_KNOWLEDGE_DIR, one markdown file per topic): see the README.",
    );
  }
  let out = entries;
  for (const [key, topic] of Object.entries(POLICY_FILE_TOPICS) as Array<[keyof typeof POLICY_FILE_TOPICS, string]>) {
    const text = parsed.data[key];
    if (!text) continue;
    out = out
      .filter((e) => !(e.topic === topic && e.language !== "en"))
      .map((e) => (e.topic === topic ? { ...e, summary: text, sections: [], source: file } : e));
  }
  return out;
}
