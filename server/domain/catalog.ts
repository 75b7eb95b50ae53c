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

/** Shopify's (and the demo store's) product page path; `{STORE_URL}` and `{handle}` are filled in. */
export const DEFAULT_PRODUCT_URL_TEMPLATE = "{STORE_URL}/products/{handle}";

export const SORTS = ["featured", "price_asc", "price_desc", "newest"] as const;
export type ProductSort = (typeof SORTS)[number];

export interface ProductStone {
  type: StoneType;
  shape?: string;
  caratTotal?: number;
  /** How many stones of this kind ("7" on a halo band); one when absent. */
  count?: number;
  /** Grading where it applies: "F–G" colour, "VS1–VS2" clarity. */
  color?: string;
  clarity?: string;
}

/** A size that costs more than the product's base price (a longer chain, say). */
export interface SizeSurcharge {
  size: string;
  cents: number;
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
  /** Sizes priced above `priceCents` (all others cost the base price). */
  sizeSurcharges?: SizeSurcharge[];
  /** The same design in other metals shares a group (a Shopify product's variants share its handle). */
  groupId?: string;
  /** The merchant's URL slug for the product page (catalog imports; several products share one when
   * metals split a Shopify product); the id serves when absent. */
  handle?: string;
  /**
   * The merchant's product page (STORE_URL + the product URL template). Derived by the catalog service
   * on every read, never stored.
   */
  url?: string;
  description: string;
  imageUrl: string;
  engravable: boolean;
  featuredRank: number;
  createdAt: Date;
}
