/**
 * The catalog's vocabulary: one definition shared by the catalog service, the seed data,
 * the storefront filters and the conversation engine's slot extraction.
 */
export const CATEGORIES = ["ring", "necklace", "earrings", "bracelet"] as const;
export type Category = (typeof CATEGORIES)[number];

export const METALS = ["yellow_gold_14k", "white_gold_14k", "rose_gold_14k", "platinum", "sterling_silver"] as const;
export type Metal = (typeof METALS)[number];

export const METAL_LABELS: Record<Metal, string> = {
  yellow_gold_14k: "14k yellow gold",
  white_gold_14k: "14k white gold",
  rose_gold_14k: "14k rose gold",
  platinum: "Platinum",
  sterling_silver: "Sterling silver",
};

export const CATEGORY_LABELS: Record<Category, string> = {
  ring: "Rings",
  necklace: "Necklaces",
  earrings: "Earrings",
  bracelet: "Bracelets",
};

/** Metal families a shopper may name ("gold" covers every gold colour). */
export const METAL_FAMILIES = {
  gold: ["yellow_gold_14k", "white_gold_14k", "rose_gold_14k"],
  silver: ["sterling_silver"],
  platinum: ["platinum"],
} as const satisfies Record<string, readonly Metal[]>;

export const STYLE_TAGS = [
  "dainty",
  "minimal",
  "statement",
  "vintage",
  "classic",
  "modern",
  "bridal",
  "everyday",
  "stackable",
  "bohemian",
] as const;
export type StyleTag = (typeof STYLE_TAGS)[number];

export const STONE_TYPES = ["lab diamond", "sapphire", "emerald", "ruby", "pearl", "moissanite", "opal", "none"] as const;
export type StoneType = (typeof STONE_TYPES)[number];

export const SORTS = ["featured", "price_asc", "price_desc", "newest"] as const;
export type ProductSort = (typeof SORTS)[number];

export interface ProductStone {
  type: StoneType;
  shape?: string;
  caratTotal?: number;
}

/** A catalog product as the rest of the product sees it (no storage details). */
export interface Product {
  id: string;
  sku: string;
  name: string;
  category: Category;
  metal: Metal;
  stones: ProductStone[];
  styleTags: StyleTag[];
  priceCents: number;
  /** The "was" price of an imported variant (Shopify's compare-at price), when above the price. */
  compareAtPriceCents?: number;
  currency: "USD";
  readyToShip: boolean;
  /** Human promise shown on cards, e.g. "Ships in 1–2 business days". */
  shippingPromise: string;
  /** Business days until it ships. */
  leadTimeDays: number;
  /** Ring sizes (US) or lengths ("16 in"); empty when one size. */
  sizes: string[];
  description: string;
  imageUrl: string;
  engravable: boolean;
  featuredRank: number;
  createdAt: Date;
  /** The merchant's product handle (catalog imports; several products share one when metals split it). */
  handle?: string;
}
