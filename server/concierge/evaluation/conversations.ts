import type { Metal } from "../../domain/catalog";
import type { ConversationCase } from "./conversation-types";

/**
 * Multi-turn conversations the rule engine is tuned on (gated by evaluate.test.ts: ≥ 90% of turns and
 * ≥ 75% of whole conversations). Each runs in a fresh session through chat.send. Written as a shopper
 * would talk, covering issue 10's five points in English plus Spanish, French and German; the held-out
 * set (conversations-holdout.ts) is never tuned on.
 */
const GOLD: Metal[] = ["yellow_gold_14k", "white_gold_14k", "rose_gold_14k"];
const SILVER: Metal[] = ["sterling_silver"];
const PLAT: Metal[] = ["platinum"];
const ROSE: Metal[] = ["rose_gold_14k"];
const WHITE: Metal[] = ["white_gold_14k"];

export const CONVERSATIONS: ConversationCase[] = [
  // ───────────── 1. what is on screen
  {
    id: "gold-hoops-third-price-ready",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "show me gold hoops", expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD } } },
      { text: "how much is the third one?", expect: { intent: "product_question", names: [2], says: [/\$\d/] } },
      { text: "is it ready to ship?", expect: { intent: "product_question", says: [/ready to ship|made to order/i] } },
    ],
  },
  {
    id: "necklaces-second-details-add",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "necklaces under 500", expect: { intent: "find_product", cards: { category: "necklace", maxPriceCents: 50_000 } } },
      { text: "tell me more about the second one", expect: { intent: "product_question", names: [1] } },
      { text: "add it to my list", expect: { intent: "shortlist", has: ["shortlist"] } },
    ],
  },
  {
    id: "sapphire-rings-shape-elliptical",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "sapphire rings", expect: { intent: "find_product", cards: { category: "ring", stone: "sapphire" } } },
      { text: "what shape is the stone in the first one?", expect: { intent: "product_question", names: [0], says: [/oval|round/i] } },
      { text: "and the second?", expect: { intent: "product_question", names: [1] } },
    ],
  },
  {
    id: "engagement-compare-pick",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "engagement rings", expect: { intent: "find_product", cards: { category: "ring" } } },
      { text: "compare the first and second", expect: { intent: "product_question", names: [0, 1] } },
      { text: "which one would you pick for everyday?", expect: { intent: "product_question", namesShown: true } },
    ],
  },
  {
    id: "silver-earrings-save-two",
    language: "en",
    covers: "on_screen",
    turns: [
      {
        text: "silver earrings under 100",
        expect: { intent: "find_product", cards: { category: "earrings", metals: SILVER, maxPriceCents: 10_000 } },
      },
      { text: "save the first two", expect: { intent: "shortlist", has: ["shortlist"], names: [0, 1] } },
    ],
  },
  {
    id: "tennis-bracelets-sizes-engraving",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "diamond tennis bracelets", expect: { intent: "find_product", cards: { category: "bracelet" } } },
      { text: "what sizes does the first one come in?", expect: { intent: "product_question", names: [0], says: [/\bin\b/] } },
      { text: "can it be engraved?", expect: { intent: "product_question", says: [/engrav/i] } },
    ],
  },
  {
    id: "rose-rings-cheapest-stone",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "rose gold rings", expect: { intent: "find_product", cards: { category: "ring", metals: ROSE } } },
      {
        text: "the cheapest one - what stone does it have?",
        expect: { intent: "product_question", says: [/stone|diamond|opal|pearl|ruby/i] },
      },
    ],
  },
  {
    id: "platinum-necklaces-white-gold-variant",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "platinum necklaces", expect: { intent: "find_product", cards: { category: "necklace", metals: PLAT } } },
      { text: "does the first one come in white gold?", expect: { intent: "product_question", names: [0], says: [/white gold/i] } },
    ],
  },
  {
    id: "pearl-pendant-price",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "pearl jewelry", expect: { intent: "find_product", cards: { stone: "pearl" } } },
      { text: "how much is the pendant?", expect: { intent: "product_question", says: [/\$\d/], namesShown: true } },
    ],
  },
  {
    id: "stacking-rings-everyday",
    language: "en",
    covers: "on_screen",
    turns: [
      { text: "stacking rings", expect: { intent: "find_product", cards: { category: "ring" } } },
      { text: "which of these is best for wearing every day?", expect: { intent: "product_question", namesShown: true } },
    ],
  },
  // ───────────── 2. follow-ups stay on topic (knowledge)
  {
    id: "ship-canada-how-long-duties",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "do you ship to Canada?", expect: { intent: "shipping_info", says: [/canada/i] } },
      { text: "how long does it take?", expect: { intent: "shipping_info", says: [/day/i] } },
      { text: "are there duties?", expect: { intent: "shipping_info", says: [/dut/i] } },
    ],
  },
  {
    id: "installments-interest-minimum",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "can I pay in installments?", expect: { intent: "financing" } },
      { text: "is there interest?", expect: { intent: "financing", says: [/APR|interest/i] } },
      { text: "what's the minimum order?", expect: { intent: "financing", says: [/\$150|\$35/] } },
    ],
  },
  {
    id: "returns-custom-refund-time",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "how do returns work?", expect: { intent: "return_exchange", not: ["order_lookup_form"], says: [/30/] } },
      { text: "what about custom pieces?", expect: { intent: "return_exchange", not: ["order_lookup_form"], says: [/custom/i] } },
      {
        text: "how long does the refund take?",
        expect: { intent: "return_exchange", not: ["order_lookup_form"], says: [/5 business days/] },
      },
    ],
  },
  {
    id: "warranty-not-covered",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "do you have a warranty?", expect: { intent: "care_warranty", says: [/warranty/i] } },
      { text: "what isn't covered?", expect: { intent: "care_warranty", says: [/loss|theft|accident/i] } },
    ],
  },
  {
    id: "clean-rings-shower",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "how should I clean my rings?", expect: { intent: "care_warranty", says: [/soap|water|cloth/i] } },
      { text: "can I wear them in the shower?", expect: { intent: "care_warranty", says: [/shower|swim/i] } },
    ],
  },
  {
    id: "shipping-uk-express",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "how much is shipping to the UK?", expect: { intent: "shipping_info", says: [/\$25|United Kingdom/] } },
      { text: "and express?", expect: { intent: "shipping_info", says: [/express/i] } },
    ],
  },
  {
    id: "return-window-resizing",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "what's your return window?", expect: { intent: "return_exchange", not: ["order_lookup_form"], says: [/30/] } },
      { text: "and for resizing?", expect: { intent: ["return_exchange", "store_info"], not: ["order_lookup_form"], says: [/60/] } },
    ],
  },
  {
    id: "financing-klarna-fees",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "do you offer financing?", expect: { intent: "financing" } },
      { text: "does Klarna charge fees?", expect: { intent: "financing", says: [/fee/i] } },
    ],
  },
  // ───────────── 2. follow-ups stay on topic (search)
  {
    id: "gold-bracelets-more-cheaper",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "gold bracelets", expect: { intent: "find_product", cards: { category: "bracelet", metals: GOLD } } },
      { text: "more", expect: { intent: "find_product", cards: { category: "bracelet", metals: GOLD, fresh: true } } },
      { text: "cheaper", expect: { intent: "find_product", cards: { category: "bracelet", metals: GOLD, cheaperThanShown: true } } },
    ],
  },
  {
    id: "earrings-budget-then-silver",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "earrings under 1000", expect: { intent: "find_product", cards: { category: "earrings", maxPriceCents: 100_000 } } },
      {
        text: "make it under 400",
        expect: { intent: "find_product", cards: { category: "earrings", maxPriceCents: 40_000 }, says: [/\$400/] },
      },
      { text: "only silver", expect: { intent: "find_product", cards: { category: "earrings", metals: SILVER, maxPriceCents: 40_000 } } },
    ],
  },
  {
    id: "white-gold-rings-then-necklaces",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "white gold rings", expect: { intent: "find_product", cards: { category: "ring", metals: WHITE } } },
      { text: "what about necklaces?", expect: { intent: "find_product", cards: { category: "necklace", metals: WHITE } } },
    ],
  },
  {
    id: "dainty-necklaces-rose-instead",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "dainty necklaces", expect: { intent: "find_product", cards: { category: "necklace" } } },
      { text: "in rose gold instead", expect: { intent: "find_product", cards: { category: "necklace", metals: ROSE } } },
    ],
  },
  {
    id: "rings-range-ready",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "rings", expect: { intent: "find_product", cards: { category: "ring" } } },
      {
        text: "between 300 and 600",
        expect: { intent: "find_product", cards: { category: "ring", minPriceCents: 30_000, maxPriceCents: 60_000 } },
      },
      {
        text: "just the ones that are ready to ship",
        expect: { intent: "find_product", cards: { category: "ring", minPriceCents: 30_000, maxPriceCents: 60_000, readyToShip: true } },
      },
    ],
  },
  {
    id: "statement-earrings-cheaper-up-to",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "statement earrings", expect: { intent: "find_product", cards: { category: "earrings" } } },
      {
        text: "show me something less expensive",
        expect: { intent: "find_product", cards: { category: "earrings", cheaperThanShown: true }, saysNot: [/\.\d\d\b/] },
      },
      { text: "let's go up to 800", expect: { intent: "find_product", cards: { category: "earrings", maxPriceCents: 80_000 } } },
    ],
  },
  {
    id: "gift-mom-silver-budget",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "a gift for my mom", expect: { intent: "find_product", has: ["product_cards"] } },
      { text: "she likes silver", expect: { intent: "find_product", cards: { metals: SILVER } } },
      { text: "under 100 please", expect: { intent: "find_product", cards: { metals: SILVER, maxPriceCents: 10_000 } } },
    ],
  },
  {
    id: "platinum-bracelets-forget-earrings",
    language: "en",
    covers: "follow_up",
    turns: [
      { text: "platinum bracelets", expect: { intent: "find_product", cards: { category: "bracelet", metals: PLAT } } },
      { text: "forget that, show me earrings in gold", expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD } } },
    ],
  },
  // ───────────── 3. store and jewelry knowledge
  {
    id: "four-cs",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "what are the 4 Cs?", expect: { intent: "store_info", says: [/cut/i, /clarity/i] } },
      { text: "and which clarity do you use?", expect: { intent: "store_info", says: [/VS2/] } },
    ],
  },
  {
    id: "lab-grown-real",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "are lab grown diamonds real?", expect: { intent: "store_info", says: [/real/i] } },
      { text: "do they come with a certificate?", expect: { intent: "store_info", says: [/IGI|certificate/i] } },
    ],
  },
  {
    id: "ethically-sourced",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "is your jewelry ethically sourced?", expect: { intent: ["store_info", "care_warranty"], says: [/recycled|lab/i] } },
      { text: "what about the gold?", expect: { intent: ["store_info", "care_warranty"], says: [/recycled/i] } },
    ],
  },
  {
    id: "nickel-allergy",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "i'm allergic to nickel, what metals are safe?", expect: { intent: ["store_info", "care_warranty"], says: [/nickel/i] } },
      { text: "so which metal is safest?", expect: { intent: ["store_info", "care_warranty"], says: [/platinum/i] } },
    ],
  },
  {
    id: "white-gold-vs-platinum",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "what's the difference between white gold and platinum?", expect: { intent: "store_info", says: [/platinum/i] } },
      { text: "so which metal is safest?", expect: { intent: ["store_info", "care_warranty"], says: [/platinum/i] } },
      { text: "does white gold change colour over time?", expect: { intent: "store_info", says: [/rhodium/i] } },
    ],
  },
  {
    id: "gift-receipt",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "can I get a gift receipt?", expect: { intent: "store_info", says: [/receipt/i] } },
      { text: "can you ship it straight to her?", expect: { intent: ["store_info", "shipping_info"], says: [/address|ship/i] } },
    ],
  },
  {
    id: "measure-finger",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "how do I measure my finger?", expect: { intent: "store_info", says: [/paper|mm/i] } },
      { text: "what if I'm between sizes?", expect: { intent: "store_info", says: [/larger/i] } },
    ],
  },
  {
    id: "custom-designs",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "do you do custom designs?", expect: { intent: ["store_info", "stylist_contact"], says: [/custom|stylist/i] } },
      { text: "how long does that take?", expect: { intent: ["store_info", "stylist_contact"], says: [/week/i] } },
    ],
  },
  {
    id: "return-policy-then-start",
    language: "en",
    covers: "knowledge",
    turns: [
      { text: "what is your returns policy", expect: { intent: "return_exchange", not: ["order_lookup_form"], chip: /start a return/i } },
      { tap: /start a return/i, expect: { intent: "return_exchange", has: ["order_lookup_form"] } },
    ],
  },
  // ───────────── 5. chooser last, typos, orders
  {
    id: "typo-earings-rose",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "earings in rose gold", expect: { intent: "find_product", cards: { category: "earrings", metals: ROSE } } },
      { text: "the first one - is it ready to ship?", expect: { intent: "product_question", names: [0] } },
    ],
  },
  {
    id: "typo-brcelet-budget",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "brcelet under 200", expect: { intent: "find_product", cards: { category: "bracelet", maxPriceCents: 20_000 } } },
      { text: "in rose gold", expect: { intent: "find_product", cards: { category: "bracelet", metals: ROSE, maxPriceCents: 20_000 } } },
    ],
  },
  {
    id: "typo-neckless-wife",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "neckless for my wife", expect: { intent: "find_product", cards: { category: "necklace" } } },
      { text: "she prefers white gold", expect: { intent: "find_product", cards: { category: "necklace", metals: WHITE } } },
    ],
  },
  {
    id: "order-number-mid-sentence-shipped",
    language: "en",
    covers: "orders",
    turns: [
      { text: "hey there, it's about GG-12002, has it shipped", expect: { intent: "track_order", has: ["order_lookup_form"] } },
      { text: "marcus.bennett@example.com", expect: { intent: "track_order", has: ["order_timeline"] } },
    ],
  },
  {
    id: "return-ring-from-order",
    language: "en",
    covers: "orders",
    turns: [
      { text: "I need to return a ring from order GG-12001", expect: { intent: "return_exchange", has: ["order_lookup_form"] } },
      { text: "ava.chen@example.com", expect: { intent: "return_exchange", has: ["return_options"] } },
    ],
  },
  {
    id: "text-me-when-ships",
    language: "en",
    covers: "orders",
    turns: [
      { text: "can you text me when GG-12002 ships", expect: { intent: "order_updates", has: ["order_lookup_form"] } },
      { text: "marcus.bennett@example.com", expect: { intent: "order_updates", has: ["subscription_form"] } },
    ],
  },
  {
    id: "real-person",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "i want to talk to a real person", expect: { intent: "stylist_contact", has: ["escalation_form"] } },
      { text: "actually, where is my order GG-12004?", expect: { intent: "track_order", has: ["order_lookup_form"] } },
    ],
  },
  {
    id: "weather-out-of-scope",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "what's the weather like today?", expect: { intent: "out_of_scope" } },
      { text: "ok then show me pearl earrings", expect: { intent: "find_product", cards: { category: "earrings", stone: "pearl" } } },
    ],
  },
  {
    id: "hi-then-birthday-budget",
    language: "en",
    covers: "chooser",
    turns: [
      { text: "hi", expect: { intent: "greeting" } },
      { text: "looking for a birthday present under 150", expect: { intent: "find_product", cards: { maxPriceCents: 15_000 } } },
    ],
  },
  // ───────────── 4. Spanish
  {
    id: "es-anillos-oro-rosa-precio",
    language: "es",
    covers: "languages",
    turns: [
      { text: "anillos de oro rosa", expect: { intent: "find_product", cards: { category: "ring", metals: ROSE }, language: "es" } },
      { text: "¿cuánto cuesta el segundo?", expect: { intent: "product_question", names: [1], says: [/\$\d/], language: "es" } },
    ],
  },
  {
    id: "es-envio-tarda-canada",
    language: "es",
    covers: "languages",
    turns: [
      { text: "¿cuánto tarda el envío?", expect: { intent: "shipping_info", language: "es" } },
      { text: "¿y a Canadá?", expect: { intent: "shipping_info", says: [/Canad/], language: "es" } },
    ],
  },
  {
    id: "es-pendientes-hermana-oro-baratos",
    language: "es",
    covers: "languages",
    turns: [
      { text: "busco pendientes para mi hermana", expect: { intent: "find_product", cards: { category: "earrings" }, language: "es" } },
      { text: "solo los de oro", expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD }, language: "es" } },
      {
        text: "más baratos",
        expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD, cheaperThanShown: true }, language: "es" },
      },
    ],
  },
  {
    id: "es-politica-devoluciones-grabadas",
    language: "es",
    covers: "languages",
    turns: [
      { text: "¿cuál es su política de devoluciones?", expect: { intent: "return_exchange", not: ["order_lookup_form"], language: "es" } },
      { text: "¿y las piezas grabadas?", expect: { intent: "return_exchange", says: [/grabad/i], language: "es" } },
    ],
  },
  {
    id: "es-donde-pedido",
    language: "es",
    covers: "languages",
    turns: [
      { text: "¿dónde está mi pedido GG-12003?", expect: { intent: "track_order", has: ["order_lookup_form"], language: "es" } },
      { text: "sofia.ramirez@example.com", expect: { intent: "track_order", has: ["order_timeline"], language: "es" } },
    ],
  },
  {
    id: "es-estilista",
    language: "es",
    covers: "languages",
    turns: [
      { text: "hola", expect: { intent: "greeting", language: "es" } },
      { text: "quiero hablar con una estilista", expect: { intent: "stylist_contact", has: ["escalation_form"], language: "es" } },
    ],
  },
  {
    id: "es-collares-platino-comparar",
    language: "es",
    covers: "languages",
    turns: [
      { text: "collares de platino", expect: { intent: "find_product", cards: { category: "necklace", metals: PLAT }, language: "es" } },
      { text: "compara los dos primeros", expect: { intent: "product_question", names: [0, 1], language: "es" } },
    ],
  },
  {
    id: "es-plazos-intereses",
    language: "es",
    covers: "languages",
    turns: [
      { text: "¿puedo pagar a plazos?", expect: { intent: "financing", language: "es" } },
      { text: "¿hay intereses?", expect: { intent: "financing", says: [/%|TAE/], language: "es" } },
    ],
  },
  // ───────────── 4. French
  {
    id: "fr-boucles-argent-plus",
    language: "fr",
    covers: "languages",
    turns: [
      {
        text: "des boucles d'oreilles en argent à moins de 150 €",
        expect: { intent: "find_product", cards: { category: "earrings", metals: SILVER, maxPriceCents: 15_000 }, language: "fr" },
      },
      {
        text: "montrez-m'en plus",
        expect: { intent: "find_product", cards: { category: "earrings", metals: SILVER, fresh: true }, language: "fr" },
      },
    ],
  },
  {
    id: "fr-livraison-canada-express",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "livrez-vous au Canada ?", expect: { intent: "shipping_info", says: [/Canada/], language: "fr" } },
      { text: "combien coûte la livraison express ?", expect: { intent: "shipping_info", says: [/\$|express/i], language: "fr" } },
    ],
  },
  {
    id: "fr-retourner-commande",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "je veux retourner ma commande GG-12001", expect: { intent: "return_exchange", has: ["order_lookup_form"], language: "fr" } },
      { text: "ava.chen@example.com", expect: { intent: "return_exchange", has: ["return_options"], language: "fr" } },
    ],
  },
  {
    id: "fr-collier-or-rose-premiere",
    language: "fr",
    covers: "languages",
    turns: [
      {
        text: "un collier en or rose à moins de 400 €",
        expect: { intent: "find_product", cards: { category: "necklace", metals: ROSE, maxPriceCents: 40_000 }, language: "fr" },
      },
      { text: "la première est-elle disponible tout de suite ?", expect: { intent: "product_question", names: [0], language: "fr" } },
    ],
  },
  {
    id: "fr-entretenir-argent",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "comment entretenir mes bijoux en argent ?", expect: { intent: "care_warranty", language: "fr" } },
      { text: "et pour l'or ?", expect: { intent: "care_warranty", language: "fr" } },
    ],
  },
  {
    id: "fr-taille-bague",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "comment trouver ma taille de bague ?", expect: { intent: "store_info", says: [/taille/i], language: "fr" } },
      { text: "et si je suis entre deux tailles ?", expect: { intent: "store_info", says: [/grande/i], language: "fr" } },
    ],
  },
  {
    id: "fr-bagues-platine-comparer",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "bagues en platine", expect: { intent: "find_product", cards: { category: "ring", metals: PLAT }, language: "fr" } },
      { text: "comparez les deux premières", expect: { intent: "product_question", names: [0, 1], language: "fr" } },
    ],
  },
  {
    id: "fr-bonjour-bracelet-or",
    language: "fr",
    covers: "languages",
    turns: [
      { text: "bonjour", expect: { intent: "greeting", language: "fr" } },
      {
        text: "je cherche un bracelet en or",
        expect: { intent: "find_product", cards: { category: "bracelet", metals: GOLD }, language: "fr" },
      },
    ],
  },
  // ───────────── 4. German
  {
    id: "de-ringe-weissgold-zweite",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Ringe aus Weißgold", expect: { intent: "find_product", cards: { category: "ring", metals: WHITE }, language: "de" } },
      { text: "Ist der zweite sofort lieferbar?", expect: { intent: "product_question", names: [1], language: "de" } },
    ],
  },
  {
    id: "de-versand-kanada",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Wie viel kostet der Versand?", expect: { intent: "shipping_info", language: "de" } },
      { text: "und nach Kanada?", expect: { intent: "shipping_info", says: [/Kanada/], language: "de" } },
    ],
  },
  {
    id: "de-halskette-mutter-guenstiger",
    language: "de",
    covers: "languages",
    turns: [
      {
        text: "Ich suche eine Halskette für meine Mutter",
        expect: { intent: "find_product", cards: { category: "necklace" }, language: "de" },
      },
      {
        text: "etwas Günstigeres",
        expect: { intent: "find_product", cards: { category: "necklace", cheaperThanShown: true }, language: "de" },
      },
    ],
  },
  {
    id: "de-rueckgabe-graviert",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Wie ist euer Rückgaberecht?", expect: { intent: "return_exchange", not: ["order_lookup_form"], language: "de" } },
      { text: "und bei gravierten Stücken?", expect: { intent: "return_exchange", says: [/graviert/i], language: "de" } },
    ],
  },
  {
    id: "de-bestellung-wo",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Wo ist meine Bestellung GG-12002?", expect: { intent: "track_order", has: ["order_lookup_form"], language: "de" } },
      { text: "marcus.bennett@example.com", expect: { intent: "track_order", has: ["order_timeline"], language: "de" } },
    ],
  },
  {
    id: "de-stylistin",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Hallo", expect: { intent: "greeting", language: "de" } },
      { text: "Ich möchte mit einer Stylistin sprechen", expect: { intent: "stylist_contact", has: ["escalation_form"], language: "de" } },
    ],
  },
  {
    id: "de-raten-gebuehren",
    language: "de",
    covers: "languages",
    turns: [
      { text: "Kann ich in Raten zahlen?", expect: { intent: "financing", language: "de" } },
      { text: "gibt es Gebühren?", expect: { intent: "financing", says: [/Gebühr/], language: "de" } },
    ],
  },
  {
    id: "de-ohrringe-gold-mehr",
    language: "de",
    covers: "languages",
    turns: [
      {
        text: "Ohrringe aus Gold unter 300 Euro",
        expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD, maxPriceCents: 30_000 }, language: "de" },
      },
      {
        text: "noch mehr bitte",
        expect: { intent: "find_product", cards: { category: "earrings", metals: GOLD, fresh: true }, language: "de" },
      },
    ],
  },
];
