import { z } from "zod";
import { CATEGORIES, METALS, SORTS, STONE_TYPES, STYLE_TAGS } from "../../domain/catalog";
import { zodToTool } from "./tool-schema";

// The store's format is configurable (ORDER_NUMBER_PREFIX / _DIGITS); the order door canonicalises and checks it.
const orderNumber = z.string().min(1).max(40).describe("The order number exactly as the shopper gave it, e.g. GG-12002 or #1001");

/** Every tool the model may call: defined once, validated and authorised by the server. */
export const TOOL_SCHEMAS = {
  search_products: z.strictObject({
    query: z.string().max(100).optional().describe("Product-type words, e.g. 'hoops', 'solitaire', 'tennis'"),
    category: z.enum(CATEGORIES).optional(),
    metals: z.array(z.enum(METALS)).max(5).optional(),
    minPriceUsd: z.number().min(0).max(100_000).optional(),
    maxPriceUsd: z.number().min(0).max(100_000).optional(),
    readyToShip: z.boolean().optional(),
    styleTags: z.array(z.enum(STYLE_TAGS)).max(4).optional(),
    stones: z.array(z.enum(STONE_TYPES)).max(3).optional(),
    sort: z.enum(SORTS).optional(),
    refine: z
      .enum(["more", "cheaper", "pricier"])
      .optional()
      .describe(
        "Refine the previous search: more = its next page; cheaper/pricier = below/above the pieces shown (other fields still apply)",
      ),
  }),
  get_product_details: z.strictObject({
    productIds: z
      .array(z.string().regex(/^[a-z0-9-]{1,80}$/))
      .min(1)
      .max(3)
      .describe("Ids from search_products results or from the pieces on screen"),
  }),
  search_store_knowledge: z.strictObject({
    query: z.string().min(1).max(200).describe("The shopper's question in their words, e.g. 'do you ship to Canada'"),
    topic: z
      .string()
      .regex(/^[a-z0-9_-]{1,40}$/)
      .optional()
      .describe("Stay on a topic id already answered (a follow-up such as 'and express?')"),
  }),
  get_order_status: z.strictObject({ orderNumber }),
  start_return: z.strictObject({
    orderNumber: orderNumber.optional(),
    kind: z.enum(["return", "resize", "repair"]),
    ringSize: z
      .string()
      .regex(/^(1[0-5]|[3-9])(\.5)?$/)
      .optional(),
  }),
  request_stylist: z.strictObject({ reason: z.string().min(1).max(200) }),
  update_shortlist: z.strictObject({
    action: z.enum(["show", "add"]),
    productId: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/)
      .optional(),
  }),
  subscribe_order_updates: z.strictObject({ orderNumber: orderNumber.optional(), channel: z.enum(["email", "sms"]) }),
} as const;

export type ToolName = keyof typeof TOOL_SCHEMAS;
export const TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

const DESCRIPTIONS: Record<ToolName, string> = {
  search_products:
    "Search the live catalog. Returns products (id, name, metal, price, readyToShip, shipping); the app shows them as cards.",
  get_product_details:
    "Live details of up to 3 pieces (price in each metal and size, stones, sizes, engraving, shipping time): for questions about pieces on screen.",
  search_store_knowledge:
    "The store's own policies and guides (returns, exchanges, resizing, shipping, duties, financing, warranty, care, ring sizing, diamonds, metals, engraving, gift wrap, sourcing). Answer policy questions only from its passages and name the source.",
  get_order_status:
    "Get an order's status for the shopper. If the shopper has not verified the order, the app shows a secure form instead.",
  start_return: "Prepare a return, resize or care/repair request; the shopper confirms options in the app.",
  request_stylist: "Offer the shopper a form to reach a human stylist.",
  update_shortlist: "Show the shopper's saved pieces, or offer to save a product that search_products returned.",
  subscribe_order_updates: "Offer order status updates by email or SMS; the shopper gives consent in the app.",
};

export const TOOL_DEFINITIONS = TOOL_NAMES.map((name) => zodToTool(name, DESCRIPTIONS[name], TOOL_SCHEMAS[name]));

export function isToolName(name: string): name is ToolName {
  return Object.hasOwn(TOOL_SCHEMAS, name);
}
