/**
 * A scripted stand-in for DeepSeek behind the OpenAI-compatible test server (`responder`), for
 * `npm run eval:llm` in CI. It reads each request the way a model would — the shopper's words, the recent
 * transcript, the context message (language, pieces on screen), this turn's tool results — and plays a
 * plausible tool-calling assistant with its own keyword reading of four languages (independent of the rule
 * engine's understanding, so the eval measures the LLM path, not the rules twice).
 *
 * It also behaves like a real model and a real API on a bad day, on a fixed pseudo-random schedule:
 * 429s and 503s (once per request, so a retry can succeed), a first token slower than the deadline,
 * a stream that stalls, malformed tool arguments, an answer without the tool it needed, and answers that
 * invent a price, a discount, scarcity, a piece, a delivery date or a completed action. Latency is
 * simulated (first token and streaming pace), scaled down so a run takes minutes.
 */
import type { RecordedBody, Script } from "./openai-test-server";

type Lang = "en" | "es" | "fr" | "de";
type Msg = { role?: unknown; content?: unknown; tool_calls?: unknown; tool_call_id?: unknown };

export interface ScriptedModelOptions {
  /** Inject API faults and model mistakes (default true). */
  faults?: boolean;
  /** Multiplies the simulated latencies (default 1: first tokens ≈ 0.2–1.3 s). */
  latencyScale?: number;
  /** A first token slower than this is how a "slow upstream" fault is simulated (default 7 000 ms). */
  slowFirstTokenMs?: number;
}

// ------------------------------------------------------------------ deterministic randomness

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by the text and a salt. */
function chance(text: string, salt: string): number {
  return hash(`${salt}\u0000${text}`) / 2 ** 32;
}

// ------------------------------------------------------------------ reading the request

interface Reading {
  lang: Lang;
  text: string;
  lower: string;
  /** Earlier shopper messages, oldest first. */
  previousUser: string[];
  /** The assistant's previous text answer, if any. */
  previousAnswer: string;
  onScreen: Array<{ id: string; name: string }>;
  /** The knowledge topic the context says was answered last. */
  lastTopic: string | undefined;
  /** Tool results of this turn, by tool name. */
  results: Array<{ name: string; data: Record<string, unknown>; args: Record<string, unknown> }>;
  round: number;
  turnKey: string;
}

const LANG_NAMES: Record<string, Lang> = { English: "en", Spanish: "es", French: "fr", German: "de" };

function read(body: RecordedBody): Reading {
  const messages = (body.messages ?? []) as Msg[];
  let lastUser = -1;
  messages.forEach((m, i) => {
    if (m.role === "user") lastUser = i;
  });
  const text = typeof messages[lastUser]?.content === "string" ? (messages[lastUser]!.content as string) : "";
  const before = messages.slice(0, Math.max(0, lastUser));
  const previousUser = before.filter((m) => m.role === "user" && typeof m.content === "string").map((m) => m.content as string);
  const answers = before.filter((m) => m.role === "assistant" && typeof m.content === "string" && !String(m.content).startsWith("["));
  const context = messages
    .filter((m, i) => m.role === "system" && i > 0)
    .map((m) => String(m.content))
    .join("\n");
  const lang = LANG_NAMES[/Answer in (\w+)\./.exec(context)?.[1] ?? "English"] ?? "en";
  const onScreen = [
    ...(/Pieces on the shopper's screen, in order: (.*)\./.exec(context)?.[1] ?? "").matchAll(/\d+\. (.+?) \(id ([a-z0-9-]+)\)/g),
  ].map((m) => ({ name: m[1]!, id: m[2]! }));
  const names = new Map<string, { name: string; args: Record<string, unknown> }>();
  const results: Reading["results"] = [];
  let round = 0;
  for (const m of messages.slice(lastUser + 1)) {
    if (m.role === "assistant" && Array.isArray(m.tool_calls)) {
      round += 1;
      for (const call of m.tool_calls as Array<{ id: string; function: { name: string; arguments: string } }>) {
        let args: Record<string, unknown> = {};
        try {
          args = JSON.parse(call.function.arguments) as Record<string, unknown>;
        } catch {
          // malformed arguments never came back with a result
        }
        names.set(call.id, { name: call.function.name, args });
      }
    }
    if (m.role === "tool") {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(String(m.content)) as Record<string, unknown>;
      } catch {
        // a tool result the model cannot read is ignored
      }
      const call = names.get(String(m.tool_call_id));
      results.push({ name: call?.name ?? "unknown", args: call?.args ?? {}, data });
    }
  }
  return {
    lang,
    text,
    lower: text.toLowerCase(),
    previousUser,
    previousAnswer: answers.length ? String(answers[answers.length - 1]!.content) : "",
    onScreen,
    lastTopic: /store-knowledge topic "([a-z0-9_-]+)"/.exec(context)?.[1],
    results,
    round,
    turnKey: [...previousUser, text].join("\u0001"),
  };
}

// ------------------------------------------------------------------ the model's own reading of shopper words

const ORDER = /\b(?:gg)[\s-]?(\d{4,8})\b/i;
const RETURN_WORDS =
  /\b(?:return|refund|send (?:it )?back|exchange|resiz\w*|repair|devolver|devoluci\w*|retourner|renvoyer|zur[üu]ckgeben|zur[üu]cksenden|r[üu]cksendung|umtauschen)\b/i;
const UPDATE_WORDS = /\b(?:text me|notify|updates?|sms|let me know when|av[íi]same|pr[ée]venez|benachrichtig\w*)\b/i;
const STYLIST_WORDS =
  /\b(?:stylist|human|real person|a person|someone|agent|estilista|una persona|styliste|humain|quelqu'un|mensch|stylistin|berater\w*)\b/i;
const SAVED_SHOW = /\b(?:my (?:saved|list|shortlist|favou?rites)|what (?:did|have) i saved?|show (?:me )?(?:my )?saved)\b/i;
const SAVE = /\b(?:save|add (?:it|them|those|the|this)|keep (?:it|them)|guarda\w*|a[ñn]ade|garde[rz]?|ajoute[rz]?|speicher\w*|merk\w*)\b/i;
const GREETING = /^(?:hi|hello|hey|hola|buenas|bonjour|salut|hallo|guten tag)\b[\s!.,]*$/i;
const MORE =
  /^(?:(?:show me |any |noch |some )?(?:more|m[áa]s|plus|mehr)(?: (?:please|bitte|por favor|s'il vous pla[îi]t))?|montrez-m'en plus|zeig mir mehr)[\s!.?]*$/i;
const CHEAPER = /\b(?:cheaper|less expensive|lower price|m[áa]s barat\w*|moins cher\w*|g[üu]nstiger\w*|billiger\w*)\b/i;
const FORGET = /\b(?:forget (?:that|it)|never ?mind|olvida|oublie[zr]?|vergiss)\b/i;
const KNOWLEDGE_WORDS =
  /\b(?:ship|shipping|deliver\w*|duties|customs|express|policy|returns?|refund|warranty|guarantee|covered|repair|clean\w*|care|shower|swim\w*|financ\w*|installments?|pay (?:later|over time|in)|klarna|affirm|interest|apr|fees?|minimum|sizes?|sizing|measure|finger|certificate|igi|clarity|4 ?cs|lab[- ]grown|real|metals?|nickel|allerg\w*|safe\w*|ethical\w*|sourc\w*|recycled|custom|engrav\w*|receipt|gift ?wrap|colou?r|rhodium|difference|versus|vs|window|env[íi]o|envi[áa]is|tarda|devoluci\w+|plazos|intereses|talla|cuidar|grabad\w*|garant[íi]a|livr\w*|entretenir|taille|paiement|grav\w*|retour|versand|liefer\w*|ratenzahlung|raten|geb[üu]hren|zinsen|pflegen|gr[öo]ße|r[üu]ckgabe|gravi\w*|zoll)\b/i;
const QUESTION =
  /\?|^(?:how|what|what's|can|could|do|does|is|are|which|why|when|where|should|¿|comment|est-ce|puis-je|pouvez|quel|quelle|wie|was|kann|gibt es|sind|ist|welche)\b/i;
const SHOPPING = /\b(?:show me|looking for|i want|i'd like|find me|busco|quiero|je cherche|montrez|ich suche|zeig)\b/i;

const CATEGORY_WORDS: Array<[string, RegExp]> = [
  ["earrings", /\b(?:earrings?|earings|hoops?|studs?|huggies?|pendientes|aretes|boucles?(?: d'oreilles)?|ohrringe?|creolen)\b/i],
  [
    "necklace",
    /\b(?:necklaces?|neckless|pendants?|chains?|chokers?|collar(?:es)?|colgantes?|colliers?|pendentifs?|ketten?|halsketten?|anh[äa]nger)\b/i,
  ],
  ["bracelet", /\b(?:bracelets?|brcelets?|bangles?|cuffs?|tennis|pulseras?|armb[äa]nder|armband)\b/i],
  ["ring", /\b(?:rings?|bands?|solitaires?|engagement|signet|anillos?|sortijas?|bagues?|alliances?|ringe?)\b/i],
];
const METAL_WORDS: Array<[string[], RegExp]> = [
  [["rose_gold_14k"], /\b(?:rose gold|oro rosa|or rose|ros[ée]gold)\b/i],
  [["white_gold_14k"], /\b(?:white gold|oro blanco|or blanc|wei(?:ß|ss)gold)\b/i],
  [["yellow_gold_14k"], /\b(?:yellow gold|oro amarillo|or jaune|gelbgold)\b/i],
  [["yellow_gold_14k", "white_gold_14k", "rose_gold_14k"], /\b(?:gold|oro|golden|en or|d'or)\b/i],
  [["sterling_silver"], /\b(?:silver|plata|argent|silber)\b/i],
  [["platinum"], /\b(?:platinum|platino|platine|platin)\b/i],
];
const STONE_WORDS: Array<[string, RegExp]> = [
  ["sapphire", /\b(?:sapphires?|zafiros?|saphirs?|saphire?)\b/i],
  ["pearl", /\b(?:pearls?|perlas?|perles?|perlen?)\b/i],
  ["emerald", /\b(?:emeralds?|esmeraldas?|[ée]meraudes?|smaragde?)\b/i],
  ["ruby", /\b(?:rub(?:y|ies)|rub[íi]es|rubis|rubine?)\b/i],
  ["opal", /\b(?:opals?|[óo]palos?|opales?)\b/i],
  ["moissanite", /\bmoissanite\b/i],
  ["lab diamond", /\b(?:diamonds?|diamantes?|diamants?|diamanten?)\b/i],
];
const QUERY_WORDS =
  /\b(hoops|studs|huggies|solitaire|tennis|stacking|engagement|signet|pendant|chain|cocktail|halo|eternity|gift|present)\b/gi;
const STYLE_WORDS = ["dainty", "minimal", "statement", "vintage", "classic", "everyday"];
const READY =
  /\b(?:ready to ship|ships? (?:fast|quickly|today)|in stock|listos? para enviar|disponibles? (?:tout de suite|ya)|sofort lieferbar)\b/i;

function priceBounds(text: string): { min?: number; max?: number } {
  const n = (s: string) => {
    const k = /k$/i.test(s);
    const value = Number(s.replace(/[^\d.]/g, ""));
    return k ? value * 1000 : value;
  };
  const NUM = String.raw`\$?\s?(\d[\d,.]*k?)\s?(?:€|\$|dollars?|euros?)?`;
  const between = new RegExp(String.raw`(?:between|entre|zwischen)\s+${NUM}\s+(?:and|y|et|und|-)\s+${NUM}`, "i").exec(text);
  if (between) return { min: n(between[1]!), max: n(between[2]!) };
  const range = /\b(\d{2,5})\s?[-–]\s?(\d{2,5})\b/.exec(text);
  if (range && Number(range[1]) < Number(range[2]) && !/gg/i.test(text)) return { min: Number(range[1]), max: Number(range[2]) };
  const under = new RegExp(
    String.raw`(?:under|below|less than|up to|max(?:imum)?|at most|menos de|hasta|moins de|jusqu'[àa]|unter|bis|go up to)\s+${NUM}`,
    "i",
  ).exec(text);
  if (under) return { max: n(under[1]!) };
  const around = new RegExp(String.raw`(?:around|about|roughly|alrededor de|environ|etwa|ungef[äa]hr)\s+${NUM}`, "i").exec(text);
  if (around) return { max: Math.round(n(around[1]!) * 1.25) };
  const over = new RegExp(String.raw`(?:over|above|more than|at least|m[áa]s de|plus de|[üu]ber|ab)\s+${NUM}`, "i").exec(text);
  if (over) return { min: n(over[1]!) };
  return {};
}

interface SearchArgs {
  query?: string;
  category?: string;
  metals?: string[];
  stones?: string[];
  styleTags?: string[];
  minPriceUsd?: number;
  maxPriceUsd?: number;
  readyToShip?: boolean;
  sort?: string;
  more?: boolean;
}

function searchArgsOf(text: string): SearchArgs {
  const args: SearchArgs = {};
  const category = CATEGORY_WORDS.find(([, re]) => re.test(text))?.[0];
  if (category) args.category = category;
  const metal = METAL_WORDS.find(([, re]) => re.test(text))?.[0];
  if (metal) args.metals = metal;
  const stone = STONE_WORDS.find(([, re]) => re.test(text))?.[0];
  if (stone) args.stones = [stone];
  const styles = STYLE_WORDS.filter((s) => new RegExp(`\\b${s}\\b`, "i").test(text));
  if (styles.length) args.styleTags = styles;
  const query = [...new Set([...text.matchAll(QUERY_WORDS)].map((m) => m[1]!.toLowerCase()))].join(" ");
  if (query) args.query = query;
  const { min, max } = priceBounds(text);
  if (min !== undefined) args.minPriceUsd = min;
  if (max !== undefined) args.maxPriceUsd = max;
  if (READY.test(text)) args.readyToShip = true;
  return args;
}

const isSearchy = (args: SearchArgs) =>
  Boolean(
    args.category || args.metals || args.stones || args.styleTags || args.query || args.maxPriceUsd || args.minPriceUsd || args.readyToShip,
  );

const ORDINALS: Array<[number, RegExp]> = [
  [-1, /\b(?:last|[úu]ltim[oa]|derni[eè]re?|letzte[nrs]?)\b/i],
  [0, /\b(?:first|1st|primer[oa]?|premi[eè]re?|erste[nrs]?)\b/i],
  [1, /\b(?:second|2nd|segund[oa]|deuxi[eè]me|seconde?|zweite[nrs]?)\b/i],
  [2, /\b(?:third|3rd|tercer[oa]?|troisi[eè]me|dritte[nrs]?)\b/i],
  [3, /\b(?:fourth|4th|cuart[oa]|quatri[eè]me|vierte[nrs]?)\b/i],
];
const FIRST_TWO = /\b(?:first two|first and second|dos primer[oa]s|deux premi[eè]re?s|ersten beiden|ersten zwei)\b/i;
const ABOUT_SHOWN =
  /\b(?:it|this one|that one|these|those|them|which|compare|cheapest|how much|what (?:shape|sizes?|stone)|does it|is it|can it|tell me more|more about|best for|compar\w+|cu[áa]nto|cu[áa]l|est-elle|est-il|lequel|laquelle|welche[rs]?|vergleich\w*)\b/i;

function referencedIds(r: Reading): string[] {
  const shown = r.onScreen;
  if (shown.length === 0) return [];
  if (FIRST_TWO.test(r.text) || /\bcompare\b|\bcompar/i.test(r.text)) {
    const explicit = ORDINALS.filter(([, re]) => re.test(r.text)).map(([i]) => (i < 0 ? shown.length - 1 : i));
    const ids = explicit.length >= 2 ? explicit : [0, 1];
    return ids.filter((i) => i < shown.length).map((i) => shown[i]!.id);
  }
  const ordinal = ORDINALS.find(([, re]) => re.test(r.text))?.[0];
  if (ordinal !== undefined) {
    const index = ordinal < 0 ? shown.length - 1 : ordinal;
    return index < shown.length ? [shown[index]!.id] : [];
  }
  const named = shown.find((p) =>
    p.name
      .toLowerCase()
      .split(/\s+/)
      .some((w) => w.length > 4 && r.lower.includes(w)),
  );
  if (named) return [named.id];
  if (/\b(?:which|best|cheapest|these|those|cu[áa]l|lequel|welche)\b/i.test(r.text)) return shown.slice(0, 3).map((p) => p.id);
  return [shown[0]!.id];
}

// ------------------------------------------------------------------ answers in four languages

const usd = (n: number) => `$${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;

const T: Record<Lang, Record<string, string>> = {
  en: {
    hello: "Hello! I can help you find a piece, check an order or answer questions about the store.",
    scope: "I can help with jewelry, your orders and our store's policies. What are you looking for?",
    found: "Here are some pieces I found{under}: {list}.",
    under: "under {price}",
    none: "I couldn't find an exact match for that; the closest pieces are below.",
    details: "The {name} is {metal} and costs {price}; {ready}.",
    ready: "it is ready to ship",
    made: "it is made to order",
    pick: "For that I'd pick the {name}.",
    cite: "According to {source}, {text}",
    verify: "Please confirm the email on the order in the secure form so I can show you its status.",
    status: "Your order {order} is {status}.",
    returnForm: "Please confirm the details in the form that just opened.",
    stylistForm: "Please leave your details in the form and a stylist will reply.",
    saved: "You have these saved pieces: {list}.",
    saveOffer: "Tap Save to keep the {name} on your list.",
    notFound: "I'm not sure about that one; a stylist can help.",
    askOrder: "Could you tell me your order number?",
    generic: "I'd love to help you find something lovely!",
  },
  es: {
    hello: "¡Hola! Puedo ayudarte a encontrar una pieza, consultar un pedido o resolver dudas sobre la tienda.",
    scope: "Puedo ayudarte con joyas, tus pedidos y las políticas de la tienda. ¿Qué buscas?",
    found: "Estas son algunas piezas que encontré{under}: {list}.",
    under: "por menos de {price}",
    none: "No encontré nada exacto; abajo tienes lo más parecido.",
    details: "El {name} es de {metal} y cuesta {price}; {ready}.",
    ready: "está listo para enviar",
    made: "se hace por encargo",
    pick: "Para eso elegiría el {name}.",
    cite: "Según {source}, {text}",
    verify: "Confirma el correo del pedido en el formulario seguro para ver su estado.",
    status: "Tu pedido {order} está {status}.",
    returnForm: "Confirma los detalles en el formulario que se acaba de abrir.",
    stylistForm: "Deja tus datos en el formulario y una estilista te responderá.",
    saved: "Tienes estas piezas guardadas: {list}.",
    saveOffer: "Pulsa Guardar para conservar el {name} en tu lista.",
    notFound: "No estoy segura de eso; una estilista puede ayudarte.",
    askOrder: "¿Me dices tu número de pedido?",
    generic: "¡Me encantará ayudarte a encontrar algo precioso!",
  },
  fr: {
    hello: "Bonjour ! Je peux vous aider à trouver un bijou, suivre une commande ou répondre à vos questions sur la boutique.",
    scope: "Je peux vous aider pour les bijoux, vos commandes et les conditions de la boutique. Que cherchez-vous ?",
    found: "Voici quelques pièces que j'ai trouvées{under} : {list}.",
    under: "à moins de {price}",
    none: "Je n'ai rien trouvé d'exact ; voici les pièces les plus proches.",
    details: "Le {name} est en {metal} et coûte {price} ; {ready}.",
    ready: "il est prêt à être expédié",
    made: "il est fabriqué sur commande",
    pick: "Pour cela, je choisirais le {name}.",
    cite: "D'après {source}, {text}",
    verify: "Merci de confirmer l'e-mail de la commande dans le formulaire sécurisé pour voir son statut.",
    status: "Votre commande {order} est {status}.",
    returnForm: "Merci de confirmer les détails dans le formulaire qui vient de s'ouvrir.",
    stylistForm: "Laissez vos coordonnées dans le formulaire et une styliste vous répondra.",
    saved: "Voici vos pièces enregistrées : {list}.",
    saveOffer: "Touchez Enregistrer pour garder le {name} dans votre liste.",
    notFound: "Je ne suis pas sûre ; une styliste peut vous aider.",
    askOrder: "Pouvez-vous me donner votre numéro de commande ?",
    generic: "Avec plaisir, trouvons ensemble un joli bijou !",
  },
  de: {
    hello: "Hallo! Ich helfe Ihnen, ein Schmuckstück zu finden, eine Bestellung zu prüfen oder Fragen zum Shop zu beantworten.",
    scope: "Ich helfe bei Schmuck, Ihren Bestellungen und den Richtlinien des Shops. Was suchen Sie?",
    found: "Hier sind einige Stücke{under}, die ich gefunden habe: {list}.",
    under: "unter {price}",
    none: "Ich habe nichts Genaues gefunden; unten sehen Sie die ähnlichsten Stücke.",
    details: "Der {name} ist aus {metal} und kostet {price}; {ready}.",
    ready: "er ist sofort versandbereit",
    made: "er wird auf Bestellung gefertigt",
    pick: "Dafür würde ich den {name} wählen.",
    cite: "Laut {source}: {text}",
    verify: "Bitte bestätigen Sie die E-Mail der Bestellung im sicheren Formular, dann zeige ich den Status.",
    status: "Ihre Bestellung {order} ist {status}.",
    returnForm: "Bitte bestätigen Sie die Angaben im Formular, das sich gerade geöffnet hat.",
    stylistForm: "Hinterlassen Sie Ihre Angaben im Formular, und eine Stylistin antwortet Ihnen.",
    saved: "Sie haben diese Stücke gespeichert: {list}.",
    saveOffer: "Tippen Sie auf Speichern, um den {name} auf Ihrer Liste zu behalten.",
    notFound: "Da bin ich nicht sicher; eine Stylistin kann helfen.",
    askOrder: "Wie lautet Ihre Bestellnummer?",
    generic: "Ich helfe Ihnen gern, etwas Schönes zu finden!",
  },
};

const METAL_NAMES: Record<Lang, Record<string, string>> = {
  en: {
    yellow_gold_14k: "14k yellow gold",
    white_gold_14k: "14k white gold",
    rose_gold_14k: "14k rose gold",
    platinum: "platinum",
    sterling_silver: "sterling silver",
  },
  es: {
    yellow_gold_14k: "oro amarillo de 14k",
    white_gold_14k: "oro blanco de 14k",
    rose_gold_14k: "oro rosa de 14k",
    platinum: "platino",
    sterling_silver: "plata de ley",
  },
  fr: {
    yellow_gold_14k: "or jaune 14 carats",
    white_gold_14k: "or blanc 14 carats",
    rose_gold_14k: "or rose 14 carats",
    platinum: "platine",
    sterling_silver: "argent massif",
  },
  de: {
    yellow_gold_14k: "14k Gelbgold",
    white_gold_14k: "14k Weißgold",
    rose_gold_14k: "14k Roségold",
    platinum: "Platin",
    sterling_silver: "Sterlingsilber",
  },
};

const ASPECTS: Record<Lang, Record<string, string>> = {
  en: {
    stone: "It has {stones}.",
    sizes: "It comes in sizes {list}.",
    engraveYes: "It can be engraved.",
    engraveNo: "It can't be engraved.",
    metals: "It also comes in {list}.",
    onlyMetal: "It only comes in {metal}.",
    noStone: "It has no stones.",
  },
  es: {
    stone: "Lleva {stones}.",
    sizes: "Está disponible en las tallas {list}.",
    engraveYes: "Se puede grabar.",
    engraveNo: "No se puede grabar.",
    metals: "También está en {list}.",
    onlyMetal: "Solo está en {metal}.",
    noStone: "No lleva piedras.",
  },
  fr: {
    stone: "Il est orné de {stones}.",
    sizes: "Il existe en tailles {list}.",
    engraveYes: "Il peut être gravé.",
    engraveNo: "Il ne peut pas être gravé.",
    metals: "Il existe aussi en {list}.",
    onlyMetal: "Il n'existe qu'en {metal}.",
    noStone: "Il n'a pas de pierre.",
  },
  de: {
    stone: "Er hat {stones}.",
    sizes: "Es gibt ihn in den Größen {list}.",
    engraveYes: "Er kann graviert werden.",
    engraveNo: "Er kann nicht graviert werden.",
    metals: "Es gibt ihn auch in {list}.",
    onlyMetal: "Es gibt ihn nur in {metal}.",
    noStone: "Er hat keine Steine.",
  },
};

function aspect(lang: Lang, key: string, values: Record<string, string> = {}): string {
  return ASPECTS[lang][key]!.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");
}

interface Detail {
  name: string;
  priceUsd: number;
  metal: string;
  readyToShip: boolean;
  engravable?: boolean;
  styleTags?: string[];
  stones?: Array<{ type: string; shape?: string; caratTotal?: number }>;
  sizes?: Array<{ size: string; priceUsd: number }>;
  otherMetals?: Array<{ metal: string; priceUsd: number }>;
}

/** What the shopper asked about a piece, answered from its details. */
function aspectsOf(r: Reading, p: Detail): string[] {
  const out: string[] = [];
  const t = r.lower;
  const asksStone = /\b(?:stone|shape|diamond|carat|gem|piedra|forma|pierre|stein|form)\w*/.test(t);
  if (asksStone && !p.stones?.length) out.push(aspect(r.lang, "noStone"));
  if (asksStone && p.stones?.length) {
    const stones = p.stones.map((x) =>
      [x.caratTotal ? `${x.caratTotal} ct` : "", x.type === "pearl" ? "" : (x.shape ?? ""), x.type].filter(Boolean).join(" "),
    );
    out.push(aspect(r.lang, "stone", { stones: stones.join(", ") }));
  }
  if (/\b(?:sizes?|lengths?|tallas?|tailles?|gr[öo](?:ß|ss)en?)\b/.test(t) && p.sizes?.length) {
    out.push(aspect(r.lang, "sizes", { list: p.sizes.map((x) => x.size).join(", ") }));
  }
  if (/\b(?:engrav\w*|grab\w*|grav\w*)/.test(t)) out.push(aspect(r.lang, p.engravable ? "engraveYes" : "engraveNo"));
  if (/\b(?:metals?|gold|silver|platinum|oro|plata|platino|argent|platine|silber|platin|come in|colou?rs?)\b/.test(t)) {
    out.push(
      p.otherMetals?.length
        ? aspect(r.lang, "metals", { list: p.otherMetals.map((m) => `${m.metal} (${usd(m.priceUsd)})`).join(", ") })
        : aspect(r.lang, "onlyMetal", { metal: METAL_NAMES[r.lang][p.metal] ?? p.metal }),
    );
  }
  return out;
}

function say(lang: Lang, key: string, values: Record<string, string> = {}): string {
  return (T[lang][key] ?? T.en[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");
}

/** The passage's sentences that share the most words with the question (what a model would quote). */
function relevantSentences(passage: string, question: string): string {
  const words = new Set(
    question
      .toLowerCase()
      .split(/[^\p{L}\d]+/u)
      .filter((w) => w.length > 3),
  );
  const sentences = passage.split(/(?<=[.!?])\s+/).filter(Boolean);
  const scored = sentences.map((s, i) => ({
    s,
    i,
    score: s
      .toLowerCase()
      .split(/[^\p{L}\d]+/u)
      .filter((w) => words.has(w) || [...words].some((q) => q.length > 5 && w.startsWith(q.slice(0, 5)))).length,
  }));
  const best = [...scored].sort((a, b) => b.score - a.score || a.i - b.i)[0];
  if (!best) return passage;
  const picked = [best];
  const next = scored[best.i + 1];
  if (next && best.s.length < 90) picked.push(next);
  return picked.map((p) => p.s).join(" ");
}

const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

// ------------------------------------------------------------------ the model

type Products = Array<{ id: string; name: string; priceUsd: number; readyToShip?: boolean }>;

export function scriptedModel(options: ScriptedModelOptions = {}): (body: RecordedBody) => Script {
  const faults = options.faults ?? true;
  const scale = options.latencyScale ?? 1;
  const slow = options.slowFirstTokenMs ?? 7_000;
  const faulted = new Set<string>();

  return (body) => {
    const r = read(body);
    const requestKey = `${r.turnKey}\u0002${r.round}`;
    // Simulated latency: the first token after a queue wait (keep-alives meanwhile), then a steady stream.
    const u = chance(requestKey, "latency");
    const pace = { queueMs: Math.round((r.round === 0 ? 200 + 1_100 * u * u : 150 + 450 * u) * scale), chunkDelayMs: 2, chunkSize: 6 };

    if (faults && !faulted.has(requestKey)) {
      const f = chance(requestKey, "fault");
      const fault =
        f < 0.025
          ? "rate_limited"
          : f < 0.045
            ? "overloaded"
            : f < 0.06 && r.round === 0
              ? "slow"
              : f < 0.075 && r.results.length
                ? "stall"
                : undefined;
      if (fault) {
        faulted.add(requestKey);
        if (fault === "rate_limited") return { kind: "error", status: 429, retryAfterSeconds: 1 };
        if (fault === "overloaded") return { kind: "error", status: 503 };
        if (fault === "slow") return { kind: "reply", content: say(r.lang, "generic"), queueMs: slow };
        return {
          kind: "reply",
          content: `${say(r.lang, "generic")} Let me tell you more about these pieces and why`,
          stallAfterDeltas: 8,
          ...pace,
        };
      }
    }

    if (r.round === 0 || r.results.length === 0) {
      const call = decide(r);
      if (!call) return { kind: "reply", content: reply(r), ...pace };
      if (faults) {
        const m = chance(r.turnKey, "mistake");
        if (m < 0.02)
          return { kind: "tool_calls", calls: [{ name: call.name, arguments: JSON.stringify(call.args).slice(0, -2) }], ...pace };
        if (m < 0.04 && call.name === "search_products") return { kind: "reply", content: say(r.lang, "generic"), ...pace };
      }
      const calls = Array.isArray(call.args)
        ? call.args.map((a) => ({ name: call.name, arguments: JSON.stringify(a) }))
        : [{ name: call.name, arguments: JSON.stringify(call.args) }];
      return { kind: "tool_calls", calls, ...pace };
    }
    let answer = compose(r);
    if (faults) answer = withMistake(r, answer);
    return { kind: "reply", content: answer, ...pace };
  };
}

/** Which tool a model would call for this message (none: answer directly). */
function decide(r: Reading): { name: string; args: Record<string, unknown> | Array<Record<string, unknown>> } | undefined {
  const text = r.text;
  const order = ORDER.exec(text);
  if (order) {
    const orderNumber = `GG-${order[1]}`;
    if (RETURN_WORDS.test(text)) {
      const kind = /resiz|size/i.test(text) ? "resize" : /repair/i.test(text) ? "repair" : "return";
      return { name: "start_return", args: { orderNumber, kind } };
    }
    if (UPDATE_WORDS.test(text))
      return { name: "subscribe_order_updates", args: { orderNumber, channel: /text|sms/i.test(text) ? "sms" : "email" } };
    return { name: "get_order_status", args: { orderNumber } };
  }
  const search = searchArgsOf(text);
  const priced = search.maxPriceUsd !== undefined || search.minPriceUsd !== undefined;
  if (SAVED_SHOW.test(text)) return { name: "update_shortlist", args: { action: "show" } };
  if (STYLIST_WORDS.test(text) && !isSearchy(search)) return { name: "request_stylist", args: { reason: "Shopper asked for a stylist" } };

  // Store knowledge: a question about policies, care, sizing, materials (also "and express?" right after one).
  const words = text.split(/\s+/).length;
  const followUp = r.lastTopic !== undefined && words <= 8 && !search.category && !priced && !MORE.test(text.trim()) && !CHEAPER.test(text);
  const aboutAPiece = r.onScreen.length > 0 && PRONOUN.test(text) && PRODUCT_ASPECT.test(text);
  const policyQuestion =
    KNOWLEDGE_WORDS.test(text) && QUESTION.test(text) && !SHOPPING.test(text) && !priced && !hasOrdinal(text) && !aboutAPiece;
  if (policyQuestion || (followUp && (KNOWLEDGE_WORDS.test(text) || QUESTION.test(text) || /^(?:and|y|et|und)\b/i.test(text)))) {
    const previous = r.previousUser[r.previousUser.length - 1] ?? "";
    return {
      name: "search_store_knowledge",
      args: {
        query: (followUp && !policyQuestion ? `${previous} ${text}` : text).slice(0, 200),
        ...(followUp ? { topic: r.lastTopic } : {}),
      },
    };
  }

  // The pieces on screen: "the third one", "compare the first two", "how much is the pendant?", "save it".
  if (r.onScreen.length && !MORE.test(text.trim()) && !CHEAPER.test(text) && !priced) {
    const namesShown = r.onScreen.some((p) =>
      p.name
        .toLowerCase()
        .split(/\s+/)
        .some((w) => w.length > 4 && r.lower.includes(w)),
    );
    const refers = hasOrdinal(text) || ABOUT_SHOWN.test(text) || namesShown;
    if (refers && SAVE.test(text))
      return { name: "update_shortlist", args: referencedIds(r).map((productId) => ({ action: "add", productId })) };
    if (refers && (!search.category || namesShown || /\bone\b/i.test(text))) {
      return { name: "get_product_details", args: { productIds: referencedIds(r).slice(0, 3) } };
    }
  }

  if (MORE.test(text.trim())) return { name: "search_products", args: { refine: "more" } };
  if (CHEAPER.test(text)) return { name: "search_products", args: { refine: "cheaper", ...sameFilters(search) } };
  if (isSearchy(search) || /\b(?:instead|only|just|make it|solo|seulement|nur)\b/i.test(text)) {
    // A model reads the conversation: a refinement keeps what the shopper asked for before.
    if (!FORGET.test(text)) {
      for (const earlier of [...r.previousUser].reverse().slice(0, 2)) {
        const prev = searchArgsOf(earlier);
        search.category ??= prev.category;
        if (!search.metals && prev.metals) search.metals = prev.metals;
        if (!priced) {
          if (prev.maxPriceUsd !== undefined) search.maxPriceUsd ??= prev.maxPriceUsd;
          if (prev.minPriceUsd !== undefined) search.minPriceUsd ??= prev.minPriceUsd;
        }
        search.stones ??= prev.stones;
      }
    }
    if (isSearchy(search)) return { name: "search_products", args: search as Record<string, unknown> };
  }
  return undefined;
}

const PRONOUN = /\b(?:it|this one|that one|lo|la|le|il|elle|es|er|sie)\b/i;
const PRODUCT_ASPECT =
  /\b(?:engrav\w*|sizes?|stones?|shape|carat|metals?|price|cost|how much|ready to ship|grab\w*|tallas?|piedra|grav\w*|tailles?|pierre|gr[öo]ßen?|stein)\b/i;

const hasOrdinal = (text: string) => ORDINALS.some(([, re]) => re.test(text)) || FIRST_TWO.test(text);

/** Filters named alongside "cheaper" ("cheaper ones in silver"). */
function sameFilters(search: SearchArgs): Record<string, unknown> {
  return { ...(search.metals ? { metals: search.metals } : {}), ...(search.category ? { category: search.category } : {}) };
}

/** A direct answer (no tool). */
function reply(r: Reading): string {
  if (GREETING.test(r.text.trim())) return say(r.lang, "hello");
  if (/\b(?:my order|mi pedido|ma commande|meine bestellung)\b/i.test(r.text)) return say(r.lang, "askOrder");
  return say(r.lang, "scope");
}

/** The final answer from this turn's tool results. */
function compose(r: Reading): string {
  const parts: string[] = [];
  for (const { name, data, args } of r.results) {
    switch (name) {
      case "search_products": {
        const products = (data.products as Products | undefined) ?? [];
        if (!products.length) parts.push(say(r.lang, "none"));
        else {
          const max = typeof args.maxPriceUsd === "number" ? ` ${say(r.lang, "under", { price: usd(args.maxPriceUsd) })}` : "";
          parts.push(
            say(r.lang, "found", {
              list: products
                .slice(0, 3)
                .map((p) => `${p.name} (${usd(p.priceUsd)})`)
                .join(", "),
              under: max,
            }),
          );
        }
        break;
      }
      case "get_product_details": {
        const products = (data.products as Detail[] | undefined) ?? [];
        if (/\b(?:which|best|pick|everyday|cu[áa]l|lequel|laquelle|welche)\b/i.test(r.text) && products.length > 1) {
          const best = products.find((p) => p.styleTags?.includes("everyday")) ?? products[0]!;
          parts.push(say(r.lang, "pick", { name: best.name }));
        }
        const cheapest = /\b(?:cheapest|m[áa]s barat|moins cher|g[üu]nstigste)/i.test(r.text)
          ? [...products].sort((a, b) => a.priceUsd - b.priceUsd).slice(0, 1)
          : products;
        for (const p of cheapest.slice(0, 2)) {
          parts.push(
            say(r.lang, "details", {
              name: p.name,
              metal: METAL_NAMES[r.lang][p.metal] ?? p.metal,
              price: usd(p.priceUsd),
              ready: say(r.lang, p.readyToShip ? "ready" : "made"),
            }),
            ...aspectsOf(r, p),
          );
        }
        break;
      }
      case "search_store_knowledge": {
        const passages = (data.passages as Array<{ source: string; text: string }> | undefined) ?? [];
        const best = passages[0];
        parts.push(
          best
            ? say(r.lang, "cite", { source: best.source, text: lowerFirst(relevantSentences(best.text, r.text)) })
            : say(r.lang, "notFound"),
        );
        break;
      }
      case "get_order_status":
        parts.push(
          data.verificationRequired
            ? say(r.lang, "verify")
            : say(r.lang, "status", { order: String(data.orderNumber), status: String(data.status).toLowerCase() }),
        );
        break;
      case "start_return":
      case "subscribe_order_updates":
        parts.push(say(r.lang, "returnForm"));
        break;
      case "request_stylist":
        parts.push(say(r.lang, "stylistForm"));
        break;
      case "update_shortlist": {
        if (Array.isArray(data.saved)) {
          parts.push(say(r.lang, "saved", { list: (data.saved as Array<{ name: string }>).map((p) => p.name).join(", ") || "—" }));
        } else if (typeof data.offered === "string") parts.push(say(r.lang, "saveOffer", { name: data.offered }));
        break;
      }
    }
  }
  return [...new Set(parts)].join(" ") || say(r.lang, "scope");
}

/** Now and then, the kind of mistake a real model makes in its answer. */
function withMistake(r: Reading, answer: string): string {
  const m = chance(r.turnKey, "hallucination");
  const products = r.results.flatMap((x) => (x.data.products as Products | undefined) ?? []);
  const called = new Set(r.results.map((x) => x.name));
  if (m < 0.015 && products[0]) return `${answer} The ${products[0].name} is only ${usd(Math.max(9, products[0].priceUsd - 60))} today.`;
  if (m < 0.025) return `${answer} Only 2 left in stock, so don't wait!`;
  if (m < 0.035) return `${answer} Everything is 15% off this week, too.`;
  if (m < 0.045) return `${answer} You might also love our Celestial Halo Tiara.`;
  if (m < 0.055 && (called.has("start_return") || called.has("request_stylist")))
    return `${answer} I've created your request and a stylist will call you tomorrow.`;
  if (m < 0.06 && products.length) return `${answer} Order today and it arrives by Friday.`;
  return answer;
}
