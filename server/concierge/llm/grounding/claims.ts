/**
 * The kinds of statement a model's answer must not make without grounding, as patterns in the four
 * languages the concierge speaks: that something happened (a return created, a subscription, a booking),
 * scarcity, discounts, stock, delivery promises, and names of pieces.
 */

export type ActionKind = "return" | "ticket" | "subscription" | "shortlist";

/** What an action claim is about: without one of these nouns, "I've opened a form" claims nothing. */
const TARGETS_EN = String.raw`(?:return|refund|exchange|resiz\w*|repair|ticket|request|appointment|booking|subscription|rma|label|shortlist|wish ?list|favou?rites|saved pieces|your list|updates|notifications|you up)`;
const TARGETS_ES = String.raw`(?:devoluci[óo]n|reembolso|cambio|solicitud|cita|ticket|suscripci[óo]n|etiqueta|lista|favoritos|actualizaciones)`;
const TARGETS_FR = String.raw`(?:retour|remboursement|[ée]change|demande|rendez-vous|ticket|abonnement|[ée]tiquette|liste|favoris|notifications)`;
const TARGETS_DE = String.raw`(?:r[üu]cksendung|erstattung|r[üu]ckerstattung|anfrage|termin|ticket|umtausch|abonnement|retoure|etikett|liste|merkliste|favoriten|benachrichtigungen)`;

/** Claims that an action is done ("I've created your return", "you're subscribed", "booked"). */
const ACTION_CLAIMS: RegExp[] = [
  // English
  new RegExp(
    String.raw`\b(?:i(?:'ve|’ve| have)|we(?:'ve|’ve| have))\s+(?:just\s+|already\s+|now\s+)?(?:created|started|opened|submitted|processed|filed|booked|scheduled|cancell?ed|issued|refunded|subscribed|signed|added|saved|sent|arranged|initiated|registered|logged|approved|emailed)\b[^.!?]{0,40}?\b${TARGETS_EN}\b`,
    "i",
  ),
  /\b(?:your|the)\s+(?:return|refund|exchange|resize|resizing|repair|ticket|request|appointment|booking|subscription|rma)\b[^.!?]{0,40}?\b(?:has been|have been|is|was|are|got)\s+(?:now\s+|already\s+|successfully\s+)?(?:created|started|opened|submitted|processed|confirmed|approved|booked|scheduled|cancell?ed|issued|sent|set up|registered|complete|completed|done|logged|filed)\b/i,
  /\byou(?:'re|’re| are)\s+(?:now\s+|all\s+)?(?:subscribed|signed up|booked|registered)\b/i,
  /\b(?:a|our|the|one of our)\s+stylists?\s+(?:will|is going to|is about to)\s+(?:call|contact|email|reach out|get back|be in touch|text)\b/i,
  /\b(?:successfully|already)\s+(?:booked|subscribed|submitted|created|registered)\b/i,
  // Spanish
  new RegExp(
    String.raw`\b(?:he|hemos)\s+(?:ya\s+)?(?:creado|iniciado|abierto|enviado|procesado|registrado|reservado|programado|suscrito|guardado|añadido|agregado|tramitado)(?!\p{L})[^.!?]{0,40}?${TARGETS_ES}(?!\p{L})`,
    "iu",
  ),
  /\b(?:tu|su)\s+(?:devoluci[óo]n|reembolso|cambio|solicitud|cita|ticket|suscripci[óo]n)(?!\p{L})[^.!?]{0,40}?\b(?:ha sido|fue|est[áa])\s+(?:creada?|iniciada?|enviada?|procesada?|confirmada?|registrada?|reservada?|programada?|tramitada?)(?!\p{L})/iu,
  /\b(?:ya\s+)?est[áa]s?\s+suscrit[oa]s?(?!\p{L})/iu,
  // French
  new RegExp(
    String.raw`\b(?:j'ai|j’ai|nous avons)\s+(?:bien\s+)?(?:créé|lancé|ouvert|envoyé|traité|enregistré|réservé|programmé|inscrit|abonné|ajouté|sauvegardé)(?!\p{L})[^.!?]{0,40}?${TARGETS_FR}(?!\p{L})`,
    "iu",
  ),
  /\bvotre\s+(?:retour|remboursement|échange|demande|rendez-vous|ticket|abonnement)(?!\p{L})[^.!?]{0,40}?\b(?:a été|est)\s+(?:bien\s+)?(?:créée?|lancée?|envoyée?|traitée?|confirmée?|enregistrée?|réservée?|programmée?)(?!\p{L})/iu,
  /\bvous êtes (?:maintenant |bien )?(?:inscrite?|abonnée?)(?!\p{L})/iu,
  // German
  new RegExp(
    String.raw`\b(?:ich habe|wir haben)\b[^.!?]{0,40}?${TARGETS_DE}(?!\p{L})[^.!?]{0,40}?\b(?:erstellt|gestartet|eröffnet|gesendet|bearbeitet|registriert|gebucht|angemeldet|abonniert|hinzugefügt|gespeichert|veranlasst)(?!\p{L})`,
    "iu",
  ),
  /\bihre?\s+(?:rücksendung|erstattung|rückerstattung|anfrage|termin|ticket|umtausch|abonnement|retoure)(?!\p{L})[^.!?]{0,40}?\b(?:wurde|ist)\s+(?:\p{L}+\s+)?(?:erstellt|gestartet|gesendet|bearbeitet|bestätigt|registriert|gebucht|angelegt)(?!\p{L})/iu,
  /\bsie sind (?:jetzt |nun )?(?:angemeldet|abonniert)(?!\p{L})/iu,
];

/** "Once you send the form, a stylist will get back to you": a promise that depends on the shopper is not a claim. */
const CONDITIONAL = /\b(?:once|when|after|if|as soon as|cuando|una vez|si|d[èe]s que|quand|une fois|sobald|wenn|nachdem)\b/i;

/** Which confirmation a claim needs. */
function actionKind(claim: string): ActionKind {
  const c = claim.toLowerCase();
  if (
    /return|refund|exchange|resiz|repair|\brma\b|label|devoluci|reembolso|cambio|etiqueta|retour|rembours|échange|étiquette|rücksend|erstattung|umtausch|retoure|etikett/.test(
      c,
    )
  )
    return "return";
  if (/subscri|signed (?:you )?up|suscri|abonn|inscri|angemeldet/.test(c)) return "subscription";
  if (/\b(?:added|saved)\b|guardado|añadido|agregado|ajouté|sauvegardé|hinzugefügt|gespeichert/.test(c)) return "shortlist";
  return "ticket";
}

/** The action claims a sentence makes, with the confirmation each needs. */
export function actionClaims(sentence: string): Array<{ text: string; kind: ActionKind }> {
  const out: Array<{ text: string; kind: ActionKind }> = [];
  for (const re of ACTION_CLAIMS) {
    const m = re.exec(sentence);
    if (m && !CONDITIONAL.test(sentence.slice(0, m.index))) out.push({ text: m[0], kind: actionKind(m[0]) });
  }
  return out;
}

/** Scarcity and urgency: the store keeps no stock counts, so these are never grounded in tool results. */
const SCARCITY =
  /\b(?:only\s+\d+\s+(?:left|remaining|in stock|available)|(?:low|limited)\s+(?:stock|supply|availability|quantit(?:y|ies)|edition)|selling\s+(?:out|fast)|almost\s+(?:gone|sold out)|last\s+(?:one|few|piece|pieces)\s+(?:left|remaining|in stock|available)|few\s+(?:left|remaining)|won['’]?t\s+last|(?:in\s+)?high\s+demand|sold\s+out|out\s+of\s+stock|back\s+in\s+stock|(?:\d+|several|many)\s+(?:people|shoppers|others)\s+(?:are\s+)?(?:viewing|looking at|eyeing)|hurry|(?:solo\s+)?queda(?:n)?\s+(?:solo\s+)?\d+|[úu]ltimas?\s+(?:unidades|piezas)|se\s+est[áa]n?\s+agotando|agotad[oa]s?|pocas\s+unidades|stock\s+limitado|plus\s+que\s+\d+|derni[èe]res?\s+pi[èe]ces?|stock\s+limit[ée]|bient[ôo]t\s+[ée]puis[ée]e?s?|[ée]puis[ée]e?s?|quantit[ée]s\s+limit[ée]es|nur\s+noch\s+\d+|fast\s+ausverkauft|ausverkauft|begrenzte[rn]?\s+(?:vorrat|st[üu]ckzahl)|letzte[ns]?\s+(?:st[üu]ck|exemplare?))(?!\p{L})/iu;

export function scarcityClaim(sentence: string): string | undefined {
  return SCARCITY.exec(sentence)?.[0];
}

/** Discounts and promotions. */
const DISCOUNT =
  /(?:\b\d{1,2}\s?%\s?(?:off|discount|de descuento|de r[ée]duction|rabatt)\b|\b(?:discount(?:ed|s)?|on sale|sale price|coupon|promo(?:tion(?:al)?)?\s+code|voucher|clearance|special offer|markdown|descuentos?|rebajas?|ofertas?|cup[óo]n|r[ée]ductions?|soldes|code promo|rabatt|gutschein|sonderangebot)\b)/iu;

export function discountClaim(sentence: string): string | undefined {
  return DISCOUNT.exec(sentence)?.[0];
}

/** "is in stock", "ready to ship", "ships today" (and es/fr/de). */
const IN_STOCK =
  /\b(?:in stock|available now|ready[- ]to[- ]ship|ships?\s+(?:today|tomorrow|right away|immediately|same[- ]day)|listos?\s+para\s+(?:enviar|env[íi]o)|en\s+stock|disponibles?\s+(?:ya|de inmediato|imm[ée]diatement)|pr[êe]ts?\s+[àa]\s+(?:exp[ée]dier|partir)|sofort\s+(?:lieferbar|versandbereit)|auf\s+lager|versandfertig)\b/iu;

export function inStockClaim(sentence: string): string | undefined {
  return IN_STOCK.exec(sentence)?.[0];
}

/** Delivery by a date: "arrives by Friday", "delivered tomorrow", "in time for Christmas", "next-day delivery". */
const DELIVERY_DATE =
  /\b(?:(?:arriv\w*|deliver\w*|get (?:it|them)|have (?:it|them)|ships?|shipped|llega\w*|entreg\w*|arriv\w*|livr\w*|ankommt|ankommen|geliefert|zugestellt)\b[^.!?]{0,40}?\b(?:by|on|before|in time for|para el|antes del?|avant|pour|bis|vor|am)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|christmas|valentine['’]?s|mother['’]?s day|the weekend|navidad|no[ëe]l|weihnachten|morgen|ma[ñn]ana|demain|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|\d{1,2}(?:st|nd|rd|th)?\b)|(?:next|same)[- ]day\s+delivery|guaranteed\s+(?:delivery|to arrive)|(?:arrives?|delivered|ships?)\s+(?:today|tomorrow))/iu;

export function deliveryDateClaim(sentence: string): string | undefined {
  return DELIVERY_DATE.exec(sentence)?.[0];
}

/** "free shipping / delivery / returns" (and es/fr/de). */
const FREE_SHIPPING =
  /\b(?:free\s+(?:shipping|delivery|returns?|resiz\w*)|(?:shipping|delivery)\s+is\s+free|env[íi]o\s+gratis|devoluci[óo]n\s+gratuita|livraison\s+gratuite|retours?\s+gratuits?|kostenlose?[rn]?\s+(?:versand|lieferung|r[üu]cksendung))\b/iu;

export function freeShippingClaim(sentence: string): string | undefined {
  return FREE_SHIPPING.exec(sentence)?.[0];
}

const JEWELRY_NOUNS = [
  "ring",
  "rings",
  "band",
  "bands",
  "hoop",
  "hoops",
  "huggie",
  "huggies",
  "stud",
  "studs",
  "earring",
  "earrings",
  "necklace",
  "necklaces",
  "pendant",
  "pendants",
  "chain",
  "chains",
  "choker",
  "locket",
  "lariat",
  "bracelet",
  "bracelets",
  "bangle",
  "bangles",
  "cuff",
  "cuffs",
  "anklet",
  "anklets",
  "tiara",
  "tiaras",
  "brooch",
  "solitaire",
  "drops",
  "charm",
  "charms",
  "climbers",
  "set",
  "watch",
  "crown",
];
const NOUN = new Set(JEWELRY_NOUNS);
/** Words that may open a sentence or a phrase in front of a name without being part of it. */
const LEADING = new Set(
  "our the this these that those your my a an here there meet try consider el la los las un una nuestro nuestra este esta le les un une notre nos ce cette der die das ein eine unser unsere dieser diese".split(
    " ",
  ),
);
const CONNECTORS = new Set(["&", "and", "of", "de", "du", "la", "le", "von", "y", "et", "und"]);

const capitalised = (word: string) => /^[\p{Lu}]/u.test(word);

/**
 * Title-case phrases ending in a jewellery noun ("the Moonbeam Diamond Tiara", "Celeste Pavé Band") or
 * in quotes: what a model writes when it names a piece. Generic phrases in lower case are not names.
 */
export function productNameCandidates(sentence: string): string[] {
  const out: string[] = [];
  for (const q of sentence.matchAll(/[“"«„]([^”"»“]{3,60})[”"»“]/g)) {
    const words = q[1]!.trim().split(/\s+/);
    if (words.length >= 2 && NOUN.has(words[words.length - 1]!.toLowerCase())) out.push(q[1]!.trim());
  }
  const words = sentence.split(/\s+/).map((w) => w.replace(/^[^\p{L}\d&]+|[^\p{L}\d]+$/gu, ""));
  let run: string[] = [];
  const flush = () => {
    while (run.length && (LEADING.has(run[0]!.toLowerCase()) || CONNECTORS.has(run[0]!.toLowerCase()))) run.shift();
    while (run.length && CONNECTORS.has(run[run.length - 1]!.toLowerCase())) run.pop();
    // Keep the run up to its last jewellery noun.
    let end = -1;
    run.forEach((w, i) => {
      if (NOUN.has(w.toLowerCase()) && capitalised(w)) end = i;
    });
    const name = run.slice(0, end + 1);
    if (name.length >= 2 && name.filter((w) => capitalised(w)).length >= 2) out.push(name.join(" "));
    run = [];
  };
  for (const word of words) {
    if (!word) {
      flush();
      continue;
    }
    if (capitalised(word) || /^\d+k$/i.test(word) || (run.length > 0 && CONNECTORS.has(word.toLowerCase()))) run.push(word);
    else flush();
  }
  flush();
  return [...new Set(out)];
}

/** Lower case, accents and punctuation folded: for comparing names. */
export function foldName(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
