/**
 * A merchant's product before it is mapped to the catalog's vocabulary: what the Shopify CSV
 * export and the JSON format both become.
 */
export interface SourceVariant {
  sku?: string;
  /** Option name → value, e.g. { Metal: "14k Yellow Gold", Size: "7" }. */
  options: Record<string, string>;
  priceCents: number;
  compareAtPriceCents?: number;
  /** Units on hand, when the store tracks inventory for the variant. */
  inventory?: number;
  /** "deny": not sold when out of stock; "continue": sold anyway (made to order). */
  inventoryPolicy: "deny" | "continue";
  imageUrl?: string;
}

export interface SourceProduct {
  handle: string;
  title: string;
  description: string;
  /** Shopify "Type" / "Product Category", or the JSON's category. */
  type: string;
  tags: string[];
  /** Only active and published products are shown. */
  status: "active" | "draft" | "archived";
  published: boolean;
  variants: SourceVariant[];
  images: string[];
  /** Where the product came from, for messages: "rows 2–5" or "products[3]". */
  origin: string;
  /** Problems found while reading (bad price, missing title…): the product is not imported. */
  problems: string[];
  /** Explicit catalog values (JSON format), used before anything is derived. */
  explicit?: {
    category?: string;
    metal?: string;
    stones?: Array<{ type: string; shape?: string; caratTotal?: number }>;
    styleTags?: string[];
    readyToShip?: boolean;
    leadTimeDays?: number;
    engravable?: boolean;
  };
}

/** Plain text from product HTML (Shopify's "Body (HTML)"): tags dropped, common entities decoded. */
export function htmlToText(html: string): string {
  const entities: Record<string, string> = {
    amp: "&",
    lt: "<",
    gt: ">",
    quot: '"',
    apos: "'",
    nbsp: " ",
    "#39": "'",
    rsquo: "’",
    lsquo: "‘",
    mdash: "—",
    ndash: "–",
  };
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/p>|<\/li>|<\/h\d>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(
      /&(#?\w+);/g,
      (m, name: string) => entities[name] ?? (name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1)) || 32) : m),
    )
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim()
    .slice(0, 2_000);
}

/** "1,234.50" / "$99" → cents; undefined when it is not a price. */
export function priceToCents(raw: string | number | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const n = typeof raw === "number" ? raw : Number(String(raw).replace(/[$,\s]/g, ""));
  if (!Number.isFinite(n) || n < 0 || n > 10_000_000) return undefined;
  return Math.round(n * 100);
}
