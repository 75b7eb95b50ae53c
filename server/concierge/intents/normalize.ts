/**
 * Text normalisation for the rule engine: lowercasing, contractions, punctuation, tokenisation, light plural
 * stemming and a conservative misspelling corrector for shopper words. Pure functions, no I/O.
 *
 * "Protected" tokens are kept verbatim and never spell-corrected: emails, order numbers (GG-12002, gg12002,
 * "gg 12002" → "gg-12002"), "#12002", numbers and money ("$1,000" → "$1000", "1.5k", "6.5", "3/5").
 */

export interface Normalized {
  /** The input, lowercased and trimmed (typographic quotes folded), for patterns that need raw punctuation. */
  lower: string;
  /** Tokens after contraction expansion, stemming and spelling correction. */
  tokens: string[];
  /** `tokens.join(" ")`: the string the slot/intent patterns match against. */
  text: string;
  /** Corrections applied, e.g. [["neckalce","necklace"]] (for logging/debugging). */
  corrections: Array<[string, string]>;
}

/** Domain words the corrector may correct towards (singular forms). */
export const DOMAIN_VOCABULARY = [
  "necklace", "bracelet", "earring", "ring", "diamond", "sapphire", "emerald", "ruby", "pearl", "moissanite",
  "opal", "platinum", "silver", "sterling", "gold", "yellow", "white", "rose", "order", "return", "refund",
  "exchange", "shipping", "delivery", "deliver", "warranty", "stylist", "pendant", "chain", "choker", "lariat",
  "hoop", "stud", "huggie", "bangle", "cuff", "band", "engagement", "wedding", "jewelry", "jewellery",
  "anniversary", "birthday", "gift", "present", "dainty", "delicate", "minimalist", "minimal", "vintage",
  "statement", "classic", "modern", "bridal", "stackable", "bohemian", "tracking", "package", "resize",
  "resized", "resizing", "repair", "clean", "cleaning", "financing", "afterpay", "klarna", "installment",
  "shortlist", "favorite", "favourite", "wishlist", "international", "internationally", "expensive",
  "cheaper", "cheapest", "affordable", "bracelet", "earrings", "necklace", "tarnish", "hypoallergenic",
  "certified", "certificate", "consultation", "representative", "customer", "service", "human", "person",
  "update", "notification", "notify", "subscribe", "helpful", "useless", "terrible", "weather", "shipped",
  "ready", "stock", "sparkly", "pendant", "climber", "girlfriend", "boyfriend", "husband", "mother",
  "christmas", "valentine", "status", "where", "track", "arrive", "arrived", "payment", "layaway",
  "engraving", "engrave", "custom", "hello", "thanks", "please", "amazing", "lab", "grown",
] as const;

/**
 * Common English words that are close to a domain word but must never be "corrected"
 * (bring → ring, hold → gold, older → order, …). The corrector only touches unknown words.
 */
const KNOWN_WORDS = new Set<string>([
  "bring", "thing", "things", "king", "wing", "sing", "sting", "string", "spring", "swing", "rang", "rung",
  "hold", "told", "cold", "bold", "sold", "fold", "golf", "goal", "good", "gone", "going", "old", "mold",
  "older", "border", "ordered", "odor", "boarder", "hearing", "earning", "earnings", "learning", "bearing",
  "silver", "sliver", "liver", "river", "pear", "peal", "pearly", "rugby", "rub", "rose", "rise", "rows",
  "nose", "those", "hose", "lose", "pose", "rode", "role", "rope", "hand", "land", "sand", "bend", "bond",
  "bank", "brand", "bands", "chair", "china", "chin", "hook", "loop", "hop", "top", "shop", "ship", "chip",
  "hip", "stub", "study", "stuff", "stud", "cuff", "off", "puff", "buff", "gift", "lift", "shift", "sift",
  "present", "prevent", "order", "other", "under", "wonder", "ruby", "baby", "clean", "clear", "ocean",
  "mean", "lean", "bean", "modern", "model", "models", "moder", "return", "returns", "returned", "turn",
  "when", "then", "than", "them", "there", "their", "these", "where", "were", "here", "here", "her", "what",
  "that", "this", "with", "will", "would", "could", "should", "about", "around", "between", "from", "have",
  "want", "need", "like", "love", "live", "give", "gave", "take", "make", "made", "some", "same", "come",
  "came", "time", "tine", "fine", "find", "kind", "mind", "line", "lines", "nice", "price", "prices",
  "pricier", "priced", "rice", "size", "sized", "sizes", "wise", "show", "shows", "slow", "snow", "know",
  "now", "new", "news", "newest", "next", "text", "test", "best", "rest", "vest", "west", "year", "near",
  "dear", "wear", "bear", "hear", "tear", "pair", "hair", "fair", "stair", "sister", "mister", "blister",
  "friend", "friends", "trend", "mom", "moms", "mum", "wife", "life", "knife", "date", "late", "rate",
  "rated", "state", "great", "treat", "meant", "went", "sent", "send", "spend", "spent", "rent", "cent",
  "cents", "dollar", "dollars", "holler", "help", "hello", "hell", "yellow", "fellow", "mellow", "pillow",
  "bellow", "while", "whale", "whole", "write", "quite", "quiet", "white", "whine", "could", "clasp",
  "class", "glass", "grass", "brass", "bass", "pass", "mass", "less", "more", "most", "post", "posted",
  "cost", "lost", "host", "ghost", "store", "stored", "story", "stone", "stones", "alone", "phone", "tone",
  "done", "none", "one", "once", "ones", "only", "also", "else", "elsewhere", "band", "bond", "found",
  "round", "sound", "pound", "bound", "mound", "wound", "sound", "stock", "sock", "rock", "lock", "clock",
  "block", "ready", "steady", "already", "read", "reads", "dead", "head", "bread", "thread", "bead",
  "beads", "spread", "chain", "chains", "train", "drain", "brain", "grain", "again", "plain", "rain",
  "stain", "stained", "gain", "main", "pain", "vain", "twin", "drop", "drops", "crop", "prop", "stop",
  "track", "tracks", "trick", "truck", "trunk", "crack", "black", "back", "pack", "jack", "lack", "rack",
  "opal", "oval", "total", "metal", "medal", "petal", "pedal", "legal", "local", "vocal", "focal", "royal",
  "loyal", "moral", "coral", "mural", "rural", "level", "label", "novel", "hotel", "motel", "model",
  "pearl", "earl", "girl", "curl", "hurl", "world", "word", "work", "worth", "north", "south", "earth",
  "party", "part", "parts", "park", "dark", "mark", "bark", "shark", "spark", "sparkly", "sparkle", "soon",
  "moon", "noon", "spoon", "boon", "bloom", "room", "broom", "groom", "groomsmen", "bride", "pride",
  "ride", "side", "wide", "hide", "slide", "guide", "inside", "outside", "choker", "joker", "poker",
  "smoker", "broker", "hoops", "hoop", "whoop", "scoop", "group", "soup", "studs", "ring", "rings", "gold",
  "golden", "goldie", "gild", "guild", "build", "child", "wild", "mild", "field", "yield", "shield",
  "cheap", "cheat", "chest", "check", "cheek", "cheers", "chess", "cheer", "sheep", "sheet", "steep",
  "deep", "keep", "peep", "weep", "beep", "jeep", "creep", "sleep", "asap", "soap", "snap", "snapped",
  "snaps", "swap", "strap", "wrap", "trap", "clap", "flap", "slap", "map", "cap", "tap", "gap", "lap",
  "nap", "rap", "sap", "yap", "zap", "bling", "blink", "link", "links", "pink", "sink", "think", "drink",
  "wink", "ink", "mink", "rink", "kink", "fink", "clink", "slink", "stink", "brink", "icy", "ice", "iced",
  "nice", "dice", "mice", "vice", "slice", "spice", "twice", "advice", "device", "office", "notice",
  "police", "juice", "choice", "voice", "invoice", "fancy", "fancier", "pricey", "cost", "costs", "ruin",
  "rain", "ran", "run", "sun", "fun", "gun", "bun", "nun", "pun", "dun", "hun", "son", "sons", "sun",
  "dad", "bad", "sad", "mad", "had", "lad", "pad", "rad", "tad", "fad", "gad", "cad", "wad", "bag",
  "bags", "tag", "tags", "rag", "wag", "nag", "lag", "hag", "sag", "jag", "fag", "gag", "zag", "stag",
  "snag", "brag", "crag", "drag", "flag", "shag", "slag", "swag", "hug", "hugs", "huge", "hugged",
  "stack", "stacks", "stacking", "snack", "shack", "smack", "slack", "crack", "track", "wrack", "knack",
  "quack", "thanks", "thank", "thankful", "tank", "bank", "rank", "sank", "yank", "lank", "dank", "hank",
  "plank", "drank", "crank", "frank", "prank", "spank", "shank", "clank", "blank", "flank", "swank",
  "please", "pleased", "plead", "pleat", "lease", "tease", "cease", "ease", "crease", "grease", "release",
  "decrease", "increase", "appease", "disease", "status", "statue", "stature", "states", "stats",
  "custom", "customs", "costume", "bottom", "autumn", "column", "human", "humane", "humid", "woman",
  "women", "roman", "seaman", "shaman", "lemon", "demon", "salmon", "person", "prison", "poison",
  "parson", "arson", "reason", "season", "lesson", "useless", "helpless", "helpful", "hopeless",
  "harmless", "endless", "careless", "clueless", "pointless", "worthless", "sapphire", "shipping",
  "shopping", "skipping", "slipping", "clipping", "dripping", "flipping", "gripping", "stripping",
  "tripping", "whipping", "chipping", "ripping", "tipping", "sipping", "dipping", "zipping", "hipping",
  "nipping", "hoping", "hopping", "mopping", "topping", "popping", "dropping", "stopping", "chopping",
  "cropping", "propping", "swapping", "wrapping", "trapping", "snapping", "tapping", "mapping", "napping",
  "lapping", "rapping", "sapping", "capping", "clapping", "flapping", "slapping", "strapping", "dear",
  "deal", "steal", "real", "really", "meal", "heal", "seal", "teal", "veal", "zeal", "peal", "weal",
  "email", "emails", "mail", "nail", "tail", "fail", "hail", "jail", "pail", "rail", "sail", "wail",
  "bail", "gail", "frail", "trail", "snail", "grail", "avail", "detail", "retail", "prevail", "bracket",
  "brackets", "racket", "jacket", "packet", "pocket", "rocket", "socket", "locket", "lockets", "ticket",
  "wicket", "cricket", "thicket", "picket", "ducat", "bucket", "bucks", "buck", "luck", "duck", "suck",
  "tuck", "muck", "puck", "yuck", "stuck", "truck", "pluck", "cluck", "chuck", "shuck", "struck", "hi",
  "hey", "yo", "ok", "okay", "yes", "no", "nope", "yep", "yeah", "sure", "idk", "hmm", "lol", "meh",
  "ugh", "wow", "omg", "thx", "ty", "pls", "plz", "asdf", "blah", "help", "vote", "voted", "joke",
  "jokes", "poem", "movie", "movies", "film", "book", "books", "bake", "baked", "cook", "recipe", "code",
  "coding", "python", "france", "paris", "game", "games", "homework", "bitcoin", "crypto", "stocks",
  "politics", "president", "election", "capital", "football", "soccer", "score", "trading", "weather",
  "forecast", "temperature", "instructions", "instruction", "previous", "prompt", "system", "admin",
  "mode", "reveal", "ignore", "design", "designs", "designer", "stylish", "style", "styles", "styled",
  "stylist", "stylists", "list", "lists", "listed", "lost", "last", "least", "fast", "faster", "past",
  "cast", "vast", "mast", "east", "beast", "feast", "yeast", "toast", "coast", "boast", "roast", "ghost",
  "most", "host", "post", "tops", "top", "toys", "boy", "boys", "boyfriend", "girlfriend", "fiance",
  "fiancee", "bridesmaid", "bridesmaids", "wedding", "weddings", "bedding", "heading", "reading",
  "leading", "shedding", "sledding", "nodding", "padding", "adding", "bidding", "kidding", "ridding",
  "holding", "folding", "molding", "scolding", "golding", "welding", "gilding", "building", "guilding",
  "opals", "ordering", "orders", "ordered", "orderly", "ordinal", "bordering", "mention", "different",
  "difference", "item", "items", "it", "its", "is", "are", "was", "been", "being", "be", "by", "buy",
  "bye", "goodbye", "ships", "shipped", "ship", "shipment", "shipments", "ships", "whip", "slip", "drip",
  "flip", "grip", "strip", "trip", "tip", "sip", "dip", "lip", "nip", "rip", "zip", "quip", "skip",
  "delivered", "delivers", "delivering", "deliver", "liver", "giver", "river", "quiver", "shiver", "sliver",
  "waiver", "diver", "driver", "fiver", "silvery", "ringing", "ringer", "singer", "finger", "fingers",
  "linger", "ginger", "longer", "stronger", "younger", "hunger", "hanger", "danger", "manger", "ranger",
  "banger", "stranger", "changer", "charger", "charge", "charged", "change", "changed", "chance", "chancy",
]);

const CONTRACTIONS: Array<[RegExp, string]> = [
  [/\bwhat'?s\b/g, "what is"],
  [/\bwhere'?s\b/g, "where is"],
  [/\bwhen'?s\b/g, "when is"],
  [/\bhow'?s\b/g, "how is"],
  [/\bthat'?s\b/g, "that is"],
  [/\bit's\b/g, "it is"],
  [/\bi'?m\b/g, "i am"],
  [/\bi'd\b/g, "i would"],
  [/\bi'll\b/g, "i will"],
  [/\bi'?ve\b/g, "i have"],
  [/\byou'?re\b/g, "you are"],
  [/\bcan'?t\b/g, "cannot"],
  [/\bwon'?t\b/g, "will not"],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|would|could)n'?t\b/g, "$1 not"],
  [/\blet's\b/g, "let us"],
];

/** Words never stemmed (their trailing "s" is not a plural). */
const NO_STEM = new Set<string>([
  "this", "his", "hers", "its", "is", "was", "has", "does", "goes", "yes", "us", "bus", "plus", "thus",
  "always", "perhaps", "less", "unless", "christmas", "status", "gps", "sms", "news", "series", "species",
  "across", "afterwards", "towards", "sometimes", "nevertheless", "ours", "yours", "theirs", "bless",
  "dress", "press", "address", "express", "stress", "process", "access", "success", "boss", "loss", "kiss",
  "miss", "glass", "class", "brass", "grass", "pass", "mass", "bass", "moss", "cross", "toss", "gross",
  "mens", "womens", "kids", "customs", "hypoallergenic", "chess", "business", "dollars", "thanks",
  "yours", "ideas", "lots", "congrats", "favs", "asap", "canvas", "atlas", "iris", "analysis", "basis",
  "diagnosis", "stylus", "bonus", "virus", "campus", "genus", "focus", "census", "corpus", "sinus",
  "previous", "various", "serious", "famous", "nervous", "obvious", "curious", "gorgeous", "precious",
  "fabulous", "generous", "glamorous", "luxurious", "numerous", "anxious", "jealous", "zealous", "ridiculous",
  "obsequious", "whereas", "overseas", "texas", "paris", "dallas", "vegas", "kansas", "arkansas",
]);

/** Damerau (optimal string alignment) edit distance, early-exiting above `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i]![0] = i;
  for (let j = 0; j < cols; j++) d[0]![j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Explicit fixes for misspellings too far (or too short) for the generic corrector. */
const MISSPELLINGS: Record<string, string> = {
  jewlery: "jewelry",
  jewlry: "jewelry",
  jewelery: "jewelry",
  jewellry: "jewelry",
  jewerly: "jewelry",
  jewllery: "jewelry",
  neclace: "necklace",
  neckless: "necklace",
  necklas: "necklace",
  necles: "necklace",
  engagment: "engagement",
  engagemnt: "engagement",
  brcelet: "bracelet",
  erring: "earring",
  errings: "earring",
  necklase: "necklace",
  nekclace: "necklace",
  earing: "earring",
  earings: "earring",
  ering: "earring",
  erings: "earring",
  braclet: "bracelet",
  bracelete: "bracelet",
  bracelett: "bracelet",
  brachlet: "bracelet",
  bracleet: "bracelet",
  dimond: "diamond",
  diamnd: "diamond",
  dimonds: "diamond",
  saphire: "sapphire",
  saphires: "sapphire",
  platnum: "platinum",
  platinim: "platinum",
  sliver: "silver",
  rign: "ring",
  rnig: "ring",
  oder: "order",
  ordr: "order",
  shiping: "shipping",
  shippng: "shipping",
  warrenty: "warranty",
  waranty: "warranty",
  garantee: "guarantee",
  gaurantee: "guarantee",
  recieve: "receive",
  recieved: "received",
  favorits: "favorite",
  favs: "favorite",
  fav: "favorite",
  faves: "favorite",
  fave: "favorite",
  wishlst: "wishlist",
  asap: "asap",
  pls: "please",
  plz: "please",
  thx: "thanks",
  ty: "thanks",
  gf: "girlfriend",
  bf: "boyfriend",
  mum: "mom",
  mommy: "mom",
  mama: "mom",
  momma: "mom",
  jewellery: "jewelry",
  favourite: "favorite",
  favourites: "favorite",
  colour: "color",
  grey: "gray",
};

/** Corrects one alphabetic token towards the domain vocabulary, or returns it unchanged. */
export function correctWord(word: string): string {
  const explicit = MISSPELLINGS[word];
  if (explicit) return explicit;
  if (word.length < 4 || KNOWN_WORDS.has(word) || !/^[a-z]+$/.test(word)) return word;
  if ((DOMAIN_VOCABULARY as readonly string[]).includes(word)) return word;
  const max = word.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  let tie = false;
  for (const candidate of DOMAIN_VOCABULARY) {
    if (Math.abs(candidate.length - word.length) > max) continue;
    // Short words must keep their first letter ("rign" → ring, but "king" is not a ring).
    if (word.length <= 5 && candidate[0] !== word[0]) continue;
    const d = editDistance(word, candidate, max);
    if (d <= max && d < bestDistance) {
      best = candidate;
      bestDistance = d;
      tie = false;
    } else if (d <= max && d === bestDistance && candidate !== best) {
      tie = true;
    }
  }
  return best && !tie ? best : word;
}

/** Light plural stemming: rings → ring, necklaces → necklace, rubies → ruby, watches → watch. */
export function stem(word: string): string {
  if (word.length < 4 || NO_STEM.has(word) || !/^[a-z]+$/.test(word)) return word;
  if (word === "earrings") return "earring";
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|xes|sses|zzes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is|ous)$/.test(word)) return word.slice(0, -1);
  return word;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};

// Order numbers and emails are matched before anything else and kept verbatim.
const TOKEN_RE =
  /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}|\bgg[\s-]?\d{3,8}\b|#\d{3,8}\b|\d+\/\d+|\$?\d[\d,]*(?:\.\d+)?k?\+?|[a-z]+(?:-[a-z]+)*|[$~#<>+?!\-]/g;

/** Splits, protects, expands, stems and corrects. */
export function normalize(input: string): Normalized {
  let lower = input
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .trim();
  const lowerOut = lower;
  lower = lower.replace(/\$\s+(?=\d)/g, "$").replace(/(\d[\d,]*(?:\.\d+)?k?)\s?\$(?![\d])/g, "$$$1");
  for (const [re, repl] of CONTRACTIONS) lower = lower.replace(re, repl);
  lower = lower.replace(/(\w)'s\b/g, "$1s").replace(/'/g, "");
  // "a grand" / "2 grand" / "five hundred"
  lower = lower
    .replace(/\b(?:a|one)\s+grand\b/g, "1000")
    .replace(/\b(\d+(?:\.\d+)?)\s*grand\b/g, (_m, n: string) => String(Math.round(Number(n) * 1000)))
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten)\s+hundred\b/g, (_m, w: string) =>
      String((NUMBER_WORDS[w] ?? 0) * 100),
    )
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine|ten)\s+thousand\b/g, (_m, w: string) =>
      String((NUMBER_WORDS[w] ?? 0) * 1000),
    );
  const raw = lower.match(TOKEN_RE) ?? [];
  const tokens: string[] = [];
  const corrections: Array<[string, string]> = [];
  for (const piece of raw) {
    if (piece.includes("@")) {
      tokens.push(piece.replace(/\.$/, ""));
      continue;
    }
    const order = /^gg[\s-]?(\d{3,8})$/.exec(piece);
    if (order) {
      tokens.push(`gg-${order[1]}`);
      continue;
    }
    if (/^[$#\d]/.test(piece)) {
      // money/number: drop thousands separators and a trailing sentence dot
      tokens.push(piece.replace(/,/g, "").replace(/\.$/, ""));
      continue;
    }
    if (/^[a-z]+(?:-[a-z]+)+$/.test(piece)) {
      // hyphenated words: "lab-grown" → "lab grown", "e-mail" → "email", "pricey-ish"
      if (piece === "e-mail") {
        tokens.push("email");
        continue;
      }
      for (const part of piece.split("-")) pushWord(part, tokens, corrections);
      continue;
    }
    if (/^[a-z]+$/.test(piece)) {
      pushWord(piece, tokens, corrections);
      continue;
    }
    tokens.push(piece);
  }
  return { lower: lowerOut, tokens, text: tokens.join(" "), corrections };
}

function pushWord(word: string, tokens: string[], corrections: Array<[string, string]>): void {
  let w = word;
  const explicit = MISSPELLINGS[w];
  if (explicit) {
    corrections.push([w, explicit]);
    tokens.push(stem(explicit));
    return;
  }
  const stemmed = stem(w);
  let corrected = correctWord(stemmed);
  if (corrected === stemmed && stemmed !== w) {
    // the stem may be a misspelling that only the unstemmed form reveals (rare); try the original
    const alt = correctWord(w);
    if (alt !== w) corrected = stem(alt);
  }
  if (corrected !== stemmed) corrections.push([w, corrected]);
  w = corrected;
  tokens.push(w);
}
