/**
 * The GlowGlitch demo catalog: lab-grown diamonds and fine jewelry.
 *
 * Built from a table of designs, each offered in a few metals with hand-set prices, so the
 * catalog reads like a real merchandiser's (silver gifts from $60, platinum engagement rings
 * near $5,000) while staying fully deterministic: the only variety comes from a seeded PRNG.
 */
import type { Category, Metal, Product, ProductStone, StyleTag } from "../../domain/catalog";
import { createPrng, hashString, randInt } from "./prng";

/** Short metal codes used in product ids (`gg-ring-solitaire-oval-plat`). */
const METAL_CODES: Record<Metal, string> = {
  yellow_gold_14k: "yg",
  white_gold_14k: "wg",
  rose_gold_14k: "rg",
  platinum: "plat",
  sterling_silver: "ss",
};

/** How the metal reads mid-sentence in a description. */
const METAL_PHRASES: Record<Metal, string> = {
  yellow_gold_14k: "14k yellow gold",
  white_gold_14k: "14k white gold",
  rose_gold_14k: "14k rose gold",
  platinum: "platinum",
  sterling_silver: "sterling silver",
};

const SKU_PREFIX: Record<Category, string> = { ring: "R", necklace: "N", earrings: "E", bracelet: "B" };

/** US ring sizes 4–9 in half sizes. */
export const RING_SIZES: readonly string[] = Array.from({ length: 11 }, (_, i) => String(4 + i / 2));
const NECKLACE_LENGTHS = ["16 in", "18 in", "20 in"];
const CHOKER_LENGTHS = ["14 in", "15 in", "16 in"];
const LARIAT_LENGTHS = ["20 in", "22 in"];
const BRACELET_LENGTHS = ["6.5 in", "7 in", "7.5 in"];
const BANGLE_SIZES = ["6.5 in", "7 in"];

export const READY_TO_SHIP_PROMISE = "Ships in 1–2 business days";
export const MADE_TO_ORDER_PROMISE = "Made to order — ships in 3–4 weeks";

interface Design {
  /** Slug fragment after the category: `solitaire-oval`. */
  slug: string;
  name: string;
  category: Category;
  stones: ProductStone[];
  tags: StyleTag[];
  madeToOrder?: boolean;
  engravable?: boolean;
  /** Overrides the category's default sizes. */
  sizes?: string[];
  description: (metal: string) => string;
  /** Metal and price in whole US dollars. */
  variants: Array<[Metal, number]>;
}

/** A lab-grown diamond with the grading a jeweller would quote: centre stones finer than accents. */
const ld = (shape: string, caratTotal: number): ProductStone => ({
  type: "lab diamond",
  shape,
  caratTotal,
  ...(caratTotal >= 0.5 ? { color: "F–G", clarity: "VS1–VS2" } : { color: "G–H", clarity: "VS" }),
});

const DESIGNS: Design[] = [
  // ───────────────────────────── Rings ─────────────────────────────
  {
    slug: "solitaire-oval",
    name: "Oval Lab Diamond Solitaire Ring",
    category: "ring",
    stones: [ld("oval", 1.5)],
    tags: ["bridal", "classic"],
    madeToOrder: true,
    description: (m) =>
      `A 1.5 ct oval lab-grown diamond lifted in four slim claws on a tapered ${m} band. Each ring is set by hand for you.`,
    variants: [
      ["platinum", 4950],
      ["yellow_gold_14k", 4350],
      ["white_gold_14k", 4350],
    ],
  },
  {
    slug: "solitaire-round",
    name: "Round Lab Diamond Solitaire Ring",
    category: "ring",
    stones: [ld("round", 1)],
    tags: ["bridal", "classic", "minimal"],
    madeToOrder: true,
    description: (m) => `A brilliant 1 ct round lab diamond in a six-prong ${m} setting — the timeless engagement ring.`,
    variants: [
      ["platinum", 3450],
      ["rose_gold_14k", 2890],
    ],
  },
  {
    slug: "halo-sapphire",
    name: "Sapphire Halo Ring",
    category: "ring",
    stones: [{ type: "sapphire", shape: "oval", caratTotal: 1.2 }, ld("round", 0.3)],
    tags: ["vintage", "statement", "bridal"],
    madeToOrder: true,
    description: (m) => `A cornflower-blue oval sapphire framed by a halo of lab diamonds, finished with milgrain details in ${m}.`,
    variants: [
      ["platinum", 3250],
      ["white_gold_14k", 2750],
    ],
  },
  {
    slug: "hidden-halo-emerald-cut",
    name: "Emerald-Cut Lab Diamond Hidden Halo Ring",
    category: "ring",
    stones: [ld("emerald", 2), ld("round", 0.2)],
    tags: ["bridal", "modern", "statement"],
    madeToOrder: true,
    description: (m) => `A 2 ct emerald-cut lab diamond with a hidden halo that sparkles from the side, set in ${m}.`,
    variants: [["platinum", 4790]],
  },
  {
    slug: "half-eternity-band",
    name: "Lab Diamond Half-Eternity Band",
    category: "ring",
    stones: [ld("round", 0.75)],
    tags: ["bridal", "classic", "stackable"],
    madeToOrder: true,
    engravable: true,
    description: (m) => `Shared-prong round lab diamonds across the top of a ${m} band. Wear it as a wedding band or an anniversary gift.`,
    variants: [
      ["platinum", 2450],
      ["yellow_gold_14k", 1950],
      ["rose_gold_14k", 1950],
    ],
  },
  {
    slug: "stacking-band",
    name: "Dainty Stacking Band",
    category: "ring",
    stones: [],
    tags: ["dainty", "stackable", "minimal"],
    engravable: true,
    description: (m) => `A 1.5 mm polished ${m} band made for stacking. Add a hidden engraving inside.`,
    variants: [
      ["yellow_gold_14k", 285],
      ["rose_gold_14k", 285],
      ["platinum", 495],
      ["sterling_silver", 65],
    ],
  },
  {
    slug: "pave-stacking",
    name: "Pavé Lab Diamond Stacking Ring",
    category: "ring",
    stones: [ld("round", 0.15)],
    tags: ["dainty", "stackable", "everyday"],
    description: (m) => `Tiny pavé lab diamonds across a whisper-thin ${m} band — sparkle you can wear every day.`,
    variants: [
      ["white_gold_14k", 445],
      ["rose_gold_14k", 445],
      ["sterling_silver", 135],
    ],
  },
  {
    slug: "wedding-band-classic",
    name: "Classic Comfort-Fit Wedding Band",
    category: "ring",
    stones: [],
    tags: ["classic", "bridal", "minimal"],
    engravable: true,
    description: (m) => `A 3 mm comfort-fit wedding band in polished ${m}, rounded inside for all-day wear.`,
    variants: [
      ["platinum", 1150],
      ["yellow_gold_14k", 690],
      ["white_gold_14k", 720],
    ],
  },
  {
    slug: "signet-oval",
    name: "Oval Signet Ring",
    category: "ring",
    stones: [],
    tags: ["vintage", "classic"],
    engravable: true,
    description: (m) => `A softly domed oval signet in ${m}, ready for your initials on the face.`,
    variants: [
      ["yellow_gold_14k", 495],
      ["sterling_silver", 95],
      ["rose_gold_14k", 495],
    ],
  },
  {
    slug: "cocktail-emerald",
    name: "Emerald Cocktail Ring",
    category: "ring",
    stones: [{ type: "emerald", shape: "emerald", caratTotal: 2 }, ld("round", 0.4)],
    tags: ["statement", "vintage"],
    madeToOrder: true,
    description: (m) => `A 2 ct emerald-cut emerald with lab-diamond shoulders in ${m}. Made to be noticed.`,
    variants: [
      ["yellow_gold_14k", 2150],
      ["platinum", 2850],
    ],
  },
  {
    slug: "cocktail-ruby",
    name: "Ruby Cocktail Ring",
    category: "ring",
    stones: [{ type: "ruby", shape: "cushion", caratTotal: 1.5 }, ld("round", 0.3)],
    tags: ["statement", "vintage"],
    madeToOrder: true,
    description: (m) => `A glowing cushion-cut ruby in a double halo of lab diamonds, crafted in ${m}.`,
    variants: [
      ["rose_gold_14k", 1950],
      ["white_gold_14k", 1950],
    ],
  },
  {
    slug: "opal-cabochon",
    name: "Opal Cabochon Ring",
    category: "ring",
    stones: [{ type: "opal", shape: "oval", caratTotal: 1 }],
    tags: ["bohemian", "vintage"],
    description: (m) => `A smooth oval opal with a play of colour, bezel-set on a slim ${m} band.`,
    variants: [
      ["sterling_silver", 125],
      ["rose_gold_14k", 420],
    ],
  },
  {
    slug: "pearl-solitaire",
    name: "Pearl Solitaire Ring",
    category: "ring",
    stones: [{ type: "pearl", shape: "round" }],
    tags: ["classic", "minimal", "dainty"],
    description: (m) => `A lustrous 6 mm freshwater pearl perched on a fine ${m} band.`,
    variants: [
      ["sterling_silver", 95],
      ["white_gold_14k", 340],
    ],
  },
  {
    slug: "moissanite-solitaire",
    name: "Moissanite Solitaire Ring",
    category: "ring",
    stones: [{ type: "moissanite", shape: "round", caratTotal: 1 }],
    tags: ["classic", "minimal"],
    description: (m) => `A fiery 1 ct round moissanite in a classic four-prong ${m} setting.`,
    variants: [
      ["sterling_silver", 165],
      ["platinum", 990],
    ],
  },
  {
    slug: "twisted-rope-band",
    name: "Twisted Rope Band",
    category: "ring",
    stones: [],
    tags: ["vintage", "stackable", "dainty"],
    engravable: true,
    description: (m) => `Two fine strands of ${m} twisted into a rope — a vintage-inspired stacker.`,
    variants: [
      ["yellow_gold_14k", 325],
      ["sterling_silver", 70],
    ],
  },
  {
    slug: "dome-ring",
    name: "Sculpted Dome Ring",
    category: "ring",
    stones: [],
    tags: ["statement", "modern"],
    description: (m) => `A bold, high-polish dome of ${m} that catches the light from every angle.`,
    variants: [
      ["sterling_silver", 110],
      ["platinum", 1290],
    ],
  },
  {
    slug: "marquise-stacking",
    name: "Marquise Lab Diamond Stacking Ring",
    category: "ring",
    stones: [ld("marquise", 0.1)],
    tags: ["dainty", "stackable", "vintage"],
    description: (m) => `A single east-west marquise lab diamond on a delicate ${m} band.`,
    variants: [
      ["yellow_gold_14k", 395],
      ["white_gold_14k", 395],
    ],
  },
  {
    slug: "bezel-diamond",
    name: "Bezel Lab Diamond Ring",
    category: "ring",
    stones: [ld("round", 0.1)],
    tags: ["minimal", "everyday", "dainty"],
    description: (m) => `A round lab diamond wrapped in a smooth ${m} bezel — nothing to snag, all sparkle.`,
    variants: [["sterling_silver", 120]],
  },

  // ─────────────────────────── Necklaces ───────────────────────────
  {
    slug: "paperclip-chain",
    name: "Dainty Paperclip Chain Necklace",
    category: "necklace",
    stones: [],
    tags: ["dainty", "minimal", "everyday"],
    description: (m) => `Elongated paperclip links in ${m}, light enough to layer with everything.`,
    variants: [
      ["yellow_gold_14k", 245],
      ["rose_gold_14k", 245],
      ["white_gold_14k", 245],
      ["sterling_silver", 75],
    ],
  },
  {
    slug: "solitaire-pendant",
    name: "Lab Diamond Solitaire Pendant",
    category: "necklace",
    stones: [ld("round", 0.5)],
    tags: ["classic", "minimal", "bridal"],
    description: (m) => `A half-carat round lab diamond floating on a fine ${m} cable chain.`,
    variants: [
      ["yellow_gold_14k", 895],
      ["white_gold_14k", 895],
      ["platinum", 1195],
    ],
  },
  {
    slug: "bar-necklace",
    name: "Engravable Bar Necklace",
    category: "necklace",
    stones: [],
    tags: ["minimal", "modern", "dainty"],
    engravable: true,
    description: (m) => `A slim horizontal bar in ${m}, engravable with a name, date or coordinates.`,
    variants: [
      ["yellow_gold_14k", 195],
      ["rose_gold_14k", 195],
      ["sterling_silver", 65],
      ["platinum", 495],
    ],
  },
  {
    slug: "pearl-drop-pendant",
    name: "Pearl Drop Pendant Necklace",
    category: "necklace",
    stones: [{ type: "pearl", shape: "round" }],
    tags: ["classic", "dainty", "vintage"],
    description: (m) => `A single freshwater pearl drop on a delicate ${m} chain — an heirloom in the making.`,
    variants: [
      ["sterling_silver", 110],
      ["yellow_gold_14k", 225],
    ],
  },
  {
    slug: "sapphire-halo-pendant",
    name: "Sapphire Halo Pendant",
    category: "necklace",
    stones: [{ type: "sapphire", shape: "oval", caratTotal: 0.8 }, ld("round", 0.15)],
    tags: ["vintage", "classic"],
    madeToOrder: true,
    description: (m) => `An oval blue sapphire ringed with lab diamonds, suspended from a ${m} chain.`,
    variants: [
      ["white_gold_14k", 1150],
      ["platinum", 1450],
    ],
  },
  {
    slug: "tennis-necklace",
    name: "Lab Diamond Tennis Necklace",
    category: "necklace",
    stones: [ld("round", 5)],
    tags: ["statement", "bridal", "classic"],
    madeToOrder: true,
    description: (m) => `Five carats of matched round lab diamonds in an unbroken line of ${m}.`,
    variants: [
      ["white_gold_14k", 4450],
      ["platinum", 4950],
    ],
  },
  {
    slug: "herringbone-chain",
    name: "Herringbone Chain Necklace",
    category: "necklace",
    stones: [],
    tags: ["statement", "vintage"],
    description: (m) => `A liquid-smooth 4 mm herringbone chain in ${m} that lies perfectly flat.`,
    variants: [
      ["yellow_gold_14k", 695],
      ["sterling_silver", 145],
    ],
  },
  {
    slug: "drop-lariat",
    name: "Lab Diamond Drop Lariat Necklace",
    category: "necklace",
    stones: [ld("pear", 0.25)],
    tags: ["bohemian", "dainty", "modern"],
    sizes: LARIAT_LENGTHS,
    description: (m) => `A Y-shaped ${m} lariat ending in a pear lab diamond drop. Adjust it to sit just right.`,
    variants: [
      ["yellow_gold_14k", 425],
      ["rose_gold_14k", 425],
      ["sterling_silver", 135],
    ],
  },
  {
    slug: "opal-teardrop",
    name: "Opal Teardrop Pendant",
    category: "necklace",
    stones: [{ type: "opal", shape: "pear", caratTotal: 1.2 }],
    tags: ["bohemian", "vintage", "dainty"],
    description: (m) => `A teardrop opal shimmering with pink and green fire, set in ${m}.`,
    variants: [
      ["sterling_silver", 135],
      ["rose_gold_14k", 395],
    ],
  },
  {
    slug: "emerald-bezel-pendant",
    name: "Emerald Bezel Pendant",
    category: "necklace",
    stones: [{ type: "emerald", shape: "round", caratTotal: 0.5 }],
    tags: ["dainty", "vintage", "classic"],
    description: (m) => `A vivid green emerald in a clean ${m} bezel — May's birthstone, made to layer.`,
    variants: [
      ["yellow_gold_14k", 525],
      ["platinum", 725],
    ],
  },
  {
    slug: "ruby-heart",
    name: "Ruby Heart Pendant",
    category: "necklace",
    stones: [{ type: "ruby", shape: "heart", caratTotal: 0.6 }],
    tags: ["vintage", "classic", "dainty"],
    description: (m) => `A heart-shaped ruby in a scalloped ${m} setting. A forever favourite for anniversaries.`,
    variants: [
      ["rose_gold_14k", 495],
      ["yellow_gold_14k", 495],
    ],
  },
  {
    slug: "initial-disc",
    name: "Initial Disc Necklace",
    category: "necklace",
    stones: [],
    tags: ["dainty", "everyday", "minimal"],
    engravable: true,
    description: (m) => `A tiny ${m} disc stamped with the initial of your choice.`,
    variants: [
      ["sterling_silver", 70],
      ["yellow_gold_14k", 175],
      ["rose_gold_14k", 175],
    ],
  },
  {
    slug: "cable-choker",
    name: "Cable Chain Choker",
    category: "necklace",
    stones: [],
    tags: ["minimal", "modern", "dainty"],
    sizes: CHOKER_LENGTHS,
    description: (m) => `A fine ${m} cable chain cut to sit close at the base of the neck.`,
    variants: [
      ["sterling_silver", 65],
      ["white_gold_14k", 195],
    ],
  },
  {
    slug: "oval-locket",
    name: "Vintage Oval Locket Necklace",
    category: "necklace",
    stones: [],
    tags: ["vintage", "classic"],
    engravable: true,
    description: (m) => `A hinged oval locket in ${m} with room for two tiny photos and an engraving on the back.`,
    variants: [
      ["yellow_gold_14k", 650],
      ["sterling_silver", 125],
    ],
  },
  {
    slug: "moissanite-station",
    name: "Moissanite Station Necklace",
    category: "necklace",
    stones: [{ type: "moissanite", shape: "round", caratTotal: 0.5 }],
    tags: ["dainty", "everyday"],
    description: (m) => `Five bezel-set moissanite stations spaced along a whisper-fine ${m} chain.`,
    variants: [
      ["sterling_silver", 145],
      ["white_gold_14k", 595],
      ["platinum", 795],
    ],
  },
  {
    slug: "cluster-pendant",
    name: "Lab Diamond Cluster Pendant",
    category: "necklace",
    stones: [ld("round", 1)],
    tags: ["statement", "vintage"],
    madeToOrder: true,
    description: (m) => `A flower-like cluster of lab diamonds totalling 1 ct, hand-set in ${m}.`,
    variants: [
      ["platinum", 2250],
      ["yellow_gold_14k", 1890],
    ],
  },
  {
    slug: "snake-chain",
    name: "Snake Chain Necklace",
    category: "necklace",
    stones: [],
    tags: ["minimal", "modern", "statement"],
    description: (m) => `A sleek, supple snake chain in ${m} with a mirror finish.`,
    variants: [
      ["platinum", 1450],
      ["white_gold_14k", 695],
    ],
  },

  // ─────────────────────────── Earrings ────────────────────────────
  {
    slug: "diamond-studs",
    name: "Lab Diamond Stud Earrings",
    category: "earrings",
    stones: [ld("round", 1)],
    tags: ["classic", "minimal", "everyday"],
    description: (m) => `A matched pair of round lab diamonds, 1 ct total, in four-prong ${m} baskets.`,
    variants: [
      ["yellow_gold_14k", 1250],
      ["white_gold_14k", 1250],
      ["platinum", 1595],
    ],
  },
  {
    slug: "ball-studs",
    name: "Polished Ball Stud Earrings",
    category: "earrings",
    stones: [],
    tags: ["minimal", "dainty", "everyday"],
    description: (m) => `Little 4 mm spheres of polished ${m} — the studs you'll never take out.`,
    variants: [
      ["sterling_silver", 60],
      ["yellow_gold_14k", 165],
      ["rose_gold_14k", 165],
    ],
  },
  {
    slug: "huggie-hoops",
    name: "Huggie Hoop Earrings",
    category: "earrings",
    stones: [],
    tags: ["dainty", "everyday", "minimal"],
    description: (m) => `Snug 10 mm ${m} huggies with a click-shut hinge.`,
    variants: [
      ["yellow_gold_14k", 275],
      ["white_gold_14k", 275],
      ["rose_gold_14k", 275],
      ["sterling_silver", 75],
      ["platinum", 595],
    ],
  },
  {
    slug: "pave-huggies",
    name: "Pavé Lab Diamond Huggies",
    category: "earrings",
    stones: [ld("round", 0.25)],
    tags: ["dainty", "stackable", "statement"],
    description: (m) => `Huggie hoops lined with pavé lab diamonds along the front, in ${m}.`,
    variants: [
      ["yellow_gold_14k", 595],
      ["white_gold_14k", 595],
      ["platinum", 795],
    ],
  },
  {
    slug: "pearl-drops",
    name: "Pearl Drop Earrings",
    category: "earrings",
    stones: [{ type: "pearl", shape: "round" }],
    tags: ["classic", "vintage", "bridal"],
    description: (m) => `Lustrous freshwater pearls swinging from fine ${m} posts. A bridal classic.`,
    variants: [
      ["sterling_silver", 95],
      ["yellow_gold_14k", 325],
      ["rose_gold_14k", 325],
    ],
  },
  {
    slug: "sapphire-halo-studs",
    name: "Sapphire Halo Stud Earrings",
    category: "earrings",
    stones: [{ type: "sapphire", shape: "round", caratTotal: 1 }, ld("round", 0.3)],
    tags: ["vintage", "classic"],
    madeToOrder: true,
    description: (m) => `Round blue sapphires in halos of lab diamonds, finished in ${m}.`,
    variants: [
      ["white_gold_14k", 1350],
      ["platinum", 1650],
    ],
  },
  {
    slug: "ear-climbers",
    name: "Lab Diamond Ear Climber Earrings",
    category: "earrings",
    stones: [ld("round", 0.2)],
    tags: ["dainty", "modern"],
    description: (m) => `A graduated line of lab diamonds that climbs up the ear, set in ${m}.`,
    variants: [
      ["yellow_gold_14k", 495],
      ["rose_gold_14k", 495],
      ["sterling_silver", 145],
    ],
  },
  {
    slug: "large-hoops",
    name: "Classic Large Hoop Earrings",
    category: "earrings",
    stones: [],
    tags: ["statement", "classic"],
    description: (m) => `Lightweight 40 mm hoops in ${m}, bold without the weight.`,
    variants: [
      ["yellow_gold_14k", 595],
      ["sterling_silver", 110],
      ["platinum", 1190],
    ],
  },
  {
    slug: "emerald-drops",
    name: "Emerald Drop Earrings",
    category: "earrings",
    stones: [{ type: "emerald", shape: "pear", caratTotal: 1.6 }, ld("round", 0.2)],
    tags: ["statement", "vintage"],
    madeToOrder: true,
    description: (m) => `Pear-shaped emeralds dropping from lab-diamond tops, crafted in ${m}.`,
    variants: [
      ["yellow_gold_14k", 1450],
      ["platinum", 1850],
    ],
  },
  {
    slug: "ruby-studs",
    name: "Ruby Stud Earrings",
    category: "earrings",
    stones: [{ type: "ruby", shape: "round", caratTotal: 0.5 }],
    tags: ["dainty", "classic"],
    description: (m) => `Petite round rubies in ${m} bezels — a pop of July colour.`,
    variants: [
      ["rose_gold_14k", 395],
      ["yellow_gold_14k", 395],
    ],
  },
  {
    slug: "opal-studs",
    name: "Opal Stud Earrings",
    category: "earrings",
    stones: [{ type: "opal", shape: "round", caratTotal: 0.6 }],
    tags: ["bohemian", "dainty"],
    description: (m) => `Round opal cabochons with a milky rainbow glow, bezel-set in ${m}.`,
    variants: [
      ["sterling_silver", 85],
      ["yellow_gold_14k", 245],
    ],
  },
  {
    slug: "chandelier",
    name: "Lab Diamond Chandelier Earrings",
    category: "earrings",
    stones: [ld("pear", 2.5)],
    tags: ["statement", "vintage", "bridal"],
    madeToOrder: true,
    description: (m) => `Tiers of pear and round lab diamonds that move with you, hand-built in ${m}.`,
    variants: [
      ["platinum", 3450],
      ["white_gold_14k", 2850],
    ],
  },
  {
    slug: "threaders",
    name: "Threader Earrings",
    category: "earrings",
    stones: [],
    tags: ["dainty", "minimal", "modern"],
    description: (m) => `Fine ${m} chains that thread through the lobe and fall in a soft line.`,
    variants: [
      ["sterling_silver", 65],
      ["yellow_gold_14k", 185],
      ["rose_gold_14k", 185],
    ],
  },
  {
    slug: "moissanite-studs",
    name: "Moissanite Stud Earrings",
    category: "earrings",
    stones: [{ type: "moissanite", shape: "round", caratTotal: 1 }],
    tags: ["classic", "minimal"],
    description: (m) => `Brilliant round moissanite studs, 1 ct total, in ${m} martini settings.`,
    variants: [
      ["sterling_silver", 125],
      ["white_gold_14k", 450],
    ],
  },
  {
    slug: "star-studs",
    name: "Tiny Star Stud Earrings",
    category: "earrings",
    stones: [],
    tags: ["dainty", "everyday"],
    description: (m) => `Tiny five-point stars in polished ${m}. A sweet everyday gift.`,
    variants: [["sterling_silver", 60]],
  },

  // ─────────────────────────── Bracelets ───────────────────────────
  {
    slug: "tennis",
    name: "Lab Diamond Tennis Bracelet",
    category: "bracelet",
    stones: [ld("round", 3)],
    tags: ["classic", "statement", "bridal"],
    description: (m) => `Three carats of round lab diamonds in a flexible four-prong ${m} line with a safety clasp.`,
    variants: [
      ["white_gold_14k", 3450],
      ["yellow_gold_14k", 3450],
      ["platinum", 4250],
    ],
  },
  {
    slug: "moissanite-tennis",
    name: "Moissanite Tennis Bracelet",
    category: "bracelet",
    stones: [{ type: "moissanite", shape: "round", caratTotal: 2 }],
    tags: ["statement", "classic"],
    description: (m) => `A full line of round moissanite in ${m} — tennis-bracelet sparkle at a gift price.`,
    variants: [
      ["sterling_silver", 295],
      ["white_gold_14k", 1490],
    ],
  },
  {
    slug: "id-bracelet",
    name: "Engravable ID Bracelet",
    category: "bracelet",
    stones: [],
    tags: ["minimal", "modern", "everyday"],
    engravable: true,
    description: (m) => `A smooth ${m} ID plate on a curb chain, engravable front and back.`,
    variants: [
      ["sterling_silver", 95],
      ["yellow_gold_14k", 395],
      ["rose_gold_14k", 395],
      ["platinum", 895],
    ],
  },
  {
    slug: "dainty-chain",
    name: "Dainty Chain Bracelet",
    category: "bracelet",
    stones: [],
    tags: ["dainty", "stackable", "minimal"],
    description: (m) => `A barely-there ${m} cable chain bracelet, made for stacking.`,
    variants: [
      ["yellow_gold_14k", 195],
      ["rose_gold_14k", 195],
      ["white_gold_14k", 195],
      ["sterling_silver", 60],
    ],
  },
  {
    slug: "paperclip-bracelet",
    name: "Paperclip Chain Bracelet",
    category: "bracelet",
    stones: [],
    tags: ["modern", "everyday", "minimal"],
    description: (m) => `Elongated paperclip links in ${m} with a lobster clasp.`,
    variants: [
      ["yellow_gold_14k", 325],
      ["sterling_silver", 80],
    ],
  },
  {
    slug: "polished-bangle",
    name: "Polished Bangle",
    category: "bracelet",
    stones: [],
    tags: ["classic", "stackable", "minimal"],
    sizes: BANGLE_SIZES,
    description: (m) => `A solid, round-wire bangle in high-polish ${m}.`,
    variants: [
      ["yellow_gold_14k", 695],
      ["sterling_silver", 120],
      ["platinum", 1495],
    ],
  },
  {
    slug: "open-cuff",
    name: "Open Cuff Bracelet",
    category: "bracelet",
    stones: [],
    tags: ["statement", "modern"],
    sizes: BANGLE_SIZES,
    description: (m) => `A wide, sculptural open cuff in ${m} that slips on from the side.`,
    variants: [
      ["sterling_silver", 145],
      ["yellow_gold_14k", 895],
      ["white_gold_14k", 895],
    ],
  },
  {
    slug: "charm-bracelet",
    name: "Vintage Charm Bracelet",
    category: "bracelet",
    stones: [],
    tags: ["vintage", "bohemian", "statement"],
    description: (m) => `A rolo chain in ${m} hung with five vintage-inspired charms: heart, star, moon, key and coin.`,
    variants: [
      ["sterling_silver", 165],
      ["yellow_gold_14k", 1150],
    ],
  },
  {
    slug: "sapphire-station",
    name: "Sapphire Station Bracelet",
    category: "bracelet",
    stones: [{ type: "sapphire", shape: "round", caratTotal: 0.6 }],
    tags: ["dainty", "classic"],
    description: (m) => `Blue sapphires bezel-set at intervals along a fine ${m} chain.`,
    variants: [
      ["white_gold_14k", 650],
      ["platinum", 895],
    ],
  },
  {
    slug: "pearl-station",
    name: "Pearl Station Bracelet",
    category: "bracelet",
    stones: [{ type: "pearl", shape: "round" }],
    tags: ["dainty", "classic", "vintage"],
    description: (m) => `Seed pearls spaced along a delicate ${m} chain — a perfect bridesmaid gift.`,
    variants: [
      ["sterling_silver", 110],
      ["yellow_gold_14k", 295],
    ],
  },
  {
    slug: "bolo",
    name: "Lab Diamond Bolo Bracelet",
    category: "bracelet",
    stones: [ld("round", 1)],
    tags: ["modern", "everyday"],
    description: (m) => `A line of lab diamonds on an adjustable ${m} bolo slider — one size fits most.`,
    variants: [
      ["white_gold_14k", 1250],
      ["rose_gold_14k", 1250],
    ],
  },
  {
    slug: "emerald-line",
    name: "Emerald Line Bracelet",
    category: "bracelet",
    stones: [{ type: "emerald", shape: "oval", caratTotal: 2.5 }],
    tags: ["statement", "vintage"],
    madeToOrder: true,
    description: (m) => `Oval emeralds in a continuous line of ${m}, set by hand to order.`,
    variants: [
      ["yellow_gold_14k", 2450],
      ["platinum", 2950],
    ],
  },
  {
    slug: "ruby-bangle",
    name: "Ruby & Lab Diamond Bangle",
    category: "bracelet",
    stones: [{ type: "ruby", shape: "round", caratTotal: 0.8 }, ld("round", 0.4)],
    tags: ["vintage", "statement"],
    madeToOrder: true,
    sizes: BANGLE_SIZES,
    description: (m) => `Alternating rubies and lab diamonds across the top of a hinged ${m} bangle.`,
    variants: [["rose_gold_14k", 1850]],
  },
  {
    slug: "opal-chain",
    name: "Opal Chain Bracelet",
    category: "bracelet",
    stones: [{ type: "opal", shape: "oval", caratTotal: 0.5 }],
    tags: ["bohemian", "dainty"],
    description: (m) => `A single oval opal on a fine ${m} chain. Under-the-radar colour.`,
    variants: [
      ["sterling_silver", 95],
      ["rose_gold_14k", 295],
    ],
  },
  {
    slug: "rope-bangle",
    name: "Twisted Rope Bangle",
    category: "bracelet",
    stones: [],
    tags: ["vintage", "stackable"],
    sizes: BANGLE_SIZES,
    description: (m) => `A twisted-rope bangle in ${m} with an antique feel.`,
    variants: [
      ["yellow_gold_14k", 550],
      ["sterling_silver", 95],
    ],
  },
];

/** Pieces the storefront leads with (featuredRank 1..n in this order). */
const HERO_IDS = [
  "gg-ring-solitaire-oval-plat",
  "gg-earrings-diamond-studs-wg",
  "gg-bracelet-tennis-wg",
  "gg-necklace-paperclip-chain-yg",
  "gg-earrings-huggie-hoops-yg",
  "gg-ring-stacking-band-yg",
  "gg-necklace-bar-necklace-rg",
  "gg-ring-halo-sapphire-plat",
];

const DAY_MS = 24 * 60 * 60 * 1000;
/** createdAt spans 2025-01-06 … 2026-10-31. */
const CREATED_FROM = Date.UTC(2025, 0, 6, 15, 0, 0);
const CREATED_SPAN_DAYS = 663;

function defaultSizes(category: Category): string[] {
  switch (category) {
    case "ring":
      return [...RING_SIZES];
    case "necklace":
      return [...NECKLACE_LENGTHS];
    case "bracelet":
      return [...BRACELET_LENGTHS];
    case "earrings":
      return [];
  }
}

/**
 * Longer standard chains take more metal: the longest stock length costs about 6% more in gold or
 * platinum and $10 more in silver, rounded to $5. Rings, earrings and custom lengths cost the same in every size.
 */
function surchargesFor(design: Design, metal: Metal, dollars: number): Pick<Product, "sizeSurcharges"> {
  const lengths = design.category === "necklace" ? NECKLACE_LENGTHS : design.category === "bracelet" ? BRACELET_LENGTHS : null;
  if (!lengths || design.sizes) return {};
  const extra = metal === "sterling_silver" ? 10 : Math.max(5, Math.round((dollars * 0.06) / 5) * 5);
  return { sizeSurcharges: [{ size: lengths[lengths.length - 1]!, cents: extra * 100 }] };
}

/**
 * The full demo catalog, freshly built (callers may mutate the result).
 * Deterministic: same ids, prices, ranks and dates on every call.
 */
export function buildDemoCatalog(): Product[] {
  const skuCounters: Record<Category, number> = { ring: 1000, necklace: 1000, earrings: 1000, bracelet: 1000 };
  const products: Product[] = [];

  for (const design of DESIGNS) {
    for (const [metal, dollars] of design.variants) {
      const id = `gg-${design.category}-${design.slug}-${METAL_CODES[metal]}`;
      const rand = createPrng(id);
      const madeToOrder = design.madeToOrder === true;
      skuCounters[design.category] += 1;
      products.push({
        id,
        sku: `GG-${SKU_PREFIX[design.category]}-${skuCounters[design.category]}`,
        name: design.name,
        category: design.category,
        metal,
        stones: design.stones.map((s) => ({ ...s })),
        styleTags: [...design.tags],
        priceCents: dollars * 100,
        currency: "USD",
        readyToShip: !madeToOrder,
        shippingPromise: madeToOrder ? MADE_TO_ORDER_PROMISE : READY_TO_SHIP_PROMISE,
        leadTimeDays: madeToOrder ? randInt(rand, 15, 20) : randInt(rand, 1, 2),
        sizes: design.sizes ? [...design.sizes] : defaultSizes(design.category),
        ...surchargesFor(design, metal, dollars),
        groupId: `gg-${design.category}-${design.slug}`,
        description: design.description(METAL_PHRASES[metal]),
        imageUrl: `/images/products/${id}.svg`,
        engravable: design.engravable === true,
        featuredRank: 0,
        createdAt: new Date(CREATED_FROM + randInt(rand, 0, CREATED_SPAN_DAYS) * DAY_MS + randInt(rand, 0, 7) * 3_600_000),
      });
    }
  }

  // Featured order: heroes first, then a stable seeded shuffle of everything else.
  const heroRank = new Map(HERO_IDS.map((id, i) => [id, i]));
  const score = (p: Product): number => heroRank.get(p.id) ?? HERO_IDS.length + hashString(`rank:${p.id}`) / 2 ** 32;
  [...products]
    .sort((a, b) => score(a) - score(b) || a.id.localeCompare(b.id))
    .forEach((p, i) => {
      p.featuredRank = i + 1;
    });

  return products;
}
