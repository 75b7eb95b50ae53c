import { z } from "zod";
import { CATEGORIES, METALS, SORTS, STONE_TYPES, STYLE_TAGS } from "../domain/catalog";
import { CHAT_ACTION_KINDS, FORM_SUBMISSION_KINDS, type ChatActionKind } from "../domain/chat-actions";
import { canonicalOrderNumber, ORDER_STATUSES, orderNumberExample } from "../domain/orders";
import { CONVERSATION_MODES, HANDOFF_REASONS } from "../domain/conversation-mode";
import { AVATAR_COLORS } from "../domain/staff";

/**
 * The typed conversation protocol shared by the server and the widget: what a shopper can send
 * (text or a structured action) and every message the concierge can show. Clients ignore message
 * types they do not know; the version changes only on incompatible edits.
 */
export const MESSAGE_PROTOCOL_VERSION = 1;

const str = (max: number) => z.string().max(max);
const orderNumber = z
  .string()
  .max(40, "is not an order number")
  .transform((value, ctx) => {
    const canonical = canonicalOrderNumber(value);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: `must look like ${orderNumberExample()}` });
    return z.NEVER;
  });
const email = z.string().trim().max(254).email("must be an email address");
const productId = z.string().regex(/^[a-z0-9-]{1,80}$/, "is not a product id");
const ringSize = z.string().regex(/^(1[0-5]|[3-9])(\.5)?$/, "must be a US ring size between 3 and 15");

// ---------------------------------------------------------------- shopper actions (UI → server)

export const searchParamsSchema = z.strictObject({
  query: str(200).optional(),
  category: z.enum(CATEGORIES).optional(),
  metals: z.array(z.enum(METALS)).max(METALS.length).optional(),
  styleTags: z.array(z.enum(STYLE_TAGS)).max(STYLE_TAGS.length).optional(),
  stones: z.array(z.enum(STONE_TYPES)).max(STONE_TYPES.length).optional(),
  minPriceCents: z.number().int().min(0).max(10_000_000).optional(),
  maxPriceCents: z.number().int().min(0).max(10_000_000).optional(),
  readyToShip: z.boolean().optional(),
  gift: z.boolean().optional(),
  sort: z.enum(SORTS).optional(),
});
export type SearchParams = z.infer<typeof searchParamsSchema>;

export const QUICK_LINKS = ["gifts_under_300", "ready_to_ship", "design_ideas", "track_order", "returns", "stylist", "shortlist"] as const;
export type QuickLink = (typeof QUICK_LINKS)[number];

export const CHOOSABLE_INTENTS = [
  "find_product",
  "track_order",
  "return_exchange",
  "care_warranty",
  "shipping_info",
  "financing",
  "stylist_contact",
  "shortlist",
  "order_updates",
] as const;

export const chatActionSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("quick_link"), link: z.enum(QUICK_LINKS) }),
  z.strictObject({ kind: z.literal("search"), params: searchParamsSchema }),
  z.strictObject({ kind: z.literal("more_results") }),
  z.strictObject({ kind: z.literal("choose_intent"), intent: z.enum(CHOOSABLE_INTENTS) }),
  z.strictObject({ kind: z.literal("order_lookup"), orderNumber, email, purpose: z.enum(["track", "return", "subscribe"]) }),
  z.strictObject({ kind: z.literal("start_return"), orderNumber }),
  z.strictObject({
    kind: z.literal("confirm_return"),
    orderNumber,
    returnKind: z.enum(["return", "resize", "repair"]),
    productIds: z.array(productId).min(1).max(20),
    newRingSize: ringSize.optional(),
    reason: str(500).optional(),
  }),
  z.strictObject({ kind: z.literal("request_stylist"), reason: str(200).optional() }),
  z.strictObject({
    kind: z.literal("submit_escalation"),
    name: z.string().trim().min(1).max(100),
    email,
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{7,20}$/, "must be a phone number")
      .optional(),
    preferredTime: str(100).optional(),
    notes: str(1000).optional(),
    shareShortlist: z.boolean().optional(),
    /** "Email me when a stylist replies": without it, no email is ever sent for this ticket. */
    emailConsent: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal("shortlist_add"), productId }),
  z.strictObject({ kind: z.literal("shortlist_remove"), productId }),
  z.strictObject({ kind: z.literal("shortlist_clear") }),
  z.strictObject({ kind: z.literal("shortlist_show") }),
  z.strictObject({ kind: z.literal("view_product"), productId }),
  z.strictObject({
    kind: z.literal("subscribe_updates"),
    orderNumber,
    channel: z.enum(["email", "sms"]),
    destination: z.string().trim().min(3).max(254),
    consent: z.literal(true, { error: "consent is required to send updates" }),
  }),
  z.strictObject({ kind: z.literal("submit_csat"), rating: z.number().int().min(1).max(5), comment: str(1000).optional() }),
  /** A store-knowledge topic by id (a "Find my size" chip). */
  z.strictObject({ kind: z.literal("knowledge"), topic: z.string().regex(/^[a-z0-9_-]{1,40}$/, "is not a topic id") }),
  /** While a stylist has the conversation: hand it back to the concierge (the ticket stays open). */
  z.strictObject({ kind: z.literal("return_to_concierge") }),
]);
export type ChatAction = z.infer<typeof chatActionSchema>;

// Every action kind is listed once in server/domain/chat-actions.ts (the `command` message names one):
// both lists must stay the same.
type MissingKinds = Exclude<ChatAction["kind"], ChatActionKind>;
type UnknownKinds = Exclude<ChatActionKind, ChatAction["kind"]>;
const kindsMatch: [MissingKinds | UnknownKinds] extends [never] ? true : MissingKinds | UnknownKinds = true;
void kindsMatch;
export { CHAT_ACTION_KINDS, FORM_SUBMISSION_KINDS };

// ---------------------------------------------------------------- concierge messages (server → UI)

export const productCardSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  /** "14k yellow gold · 0.5 ct lab diamond" */
  spec: z.string(),
  priceCents: z.number().int(),
  imageUrl: z.string(),
  readyToShip: z.boolean(),
  shippingPromise: z.string(),
  category: z.enum(CATEGORIES),
  saved: z.boolean(),
  /** The variant that tells it apart from the same design in another metal: "14k rose gold". */
  variant: z.string().optional(),
  /** The merchant's product page (absolute, or a path on the concierge's own origin for the demo store). */
  url: z.string().max(2000).optional(),
});
export type ProductCard = z.infer<typeof productCardSchema>;

const chip = z.strictObject({ label: str(60), action: chatActionSchema });
export type Chip = z.infer<typeof chip>;

const timelineStep = z.strictObject({
  status: z.enum(ORDER_STATUSES),
  label: z.string(),
  at: z.string().optional(),
  state: z.enum(["done", "current", "upcoming"]),
});

const returnOption = z.strictObject({
  kind: z.enum(["return", "resize", "repair"]),
  label: z.string(),
  eligible: z.boolean(),
  /** Why (not) — shown to the shopper. */
  explanation: z.string(),
  deadline: z.string().optional(),
});

const returnItem = z.strictObject({
  productId: z.string(),
  name: z.string(),
  isRing: z.boolean(),
  currentSize: z.string().optional(),
  excludedFromReturn: z.boolean(),
});

export const conciergeMessageSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("text"), text: str(4000) }),
  /**
   * What the shopper did with a tap or a form (stored with role "shopper" instead of words they never
   * wrote): the chip's own label ("Gold"), or a short account of the form ("Looked up order GG-12002").
   */
  z.strictObject({ type: z.literal("command"), kind: z.enum(CHAT_ACTION_KINDS), label: str(160) }),
  z.strictObject({
    type: z.literal("product_cards"),
    products: z.array(productCardSchema).max(24),
    /** What was searched (for "more" and analytics), plus what was relaxed to find anything. */
    summary: z.string(),
    relaxed: z.array(z.string()).optional(),
    hasMore: z.boolean(),
  }),
  z.strictObject({ type: z.literal("refine_chips"), chips: z.array(chip).max(12) }),
  z.strictObject({
    type: z.literal("order_lookup_form"),
    purpose: z.enum(["track", "return", "subscribe"]),
    orderNumber: z.string().optional(),
    error: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("order_timeline"),
    orderNumber: z.string(),
    status: z.enum(ORDER_STATUSES),
    statusLabel: z.string(),
    steps: z.array(timelineStep),
    carrier: z.string().optional(),
    trackingMasked: z.string().optional(),
    /** Only ever composed for a verified owner: the full number and the carrier's tracking page. */
    trackingNumber: z.string().optional(),
    trackingUrl: z.string().max(500).optional(),
    estimatedDelivery: z.string().optional(),
    deliveredAt: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("return_options"),
    orderNumber: z.string(),
    options: z.array(returnOption),
    items: z.array(returnItem),
    suggestedKind: z.enum(["return", "resize", "repair"]).optional(),
    suggestedRingSize: z.string().optional(),
    /** The pieces the shopper named ("return my necklace"), preselected in the form. */
    suggestedProductIds: z.array(z.string()).max(20).optional(),
  }),
  z.strictObject({
    type: z.literal("return_confirmation"),
    rmaId: z.string(),
    orderNumber: z.string(),
    returnKind: z.enum(["return", "resize", "repair"]),
    newRingSize: z.string().optional(),
    nextSteps: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal("escalation_form"), reason: z.string(), shortlistCount: z.number().int().min(0) }),
  z.strictObject({ type: z.literal("ticket_confirmation"), ticketId: z.string(), expectedResponse: z.string() }),
  z.strictObject({ type: z.literal("csat_prompt"), question: z.string() }),
  z.strictObject({
    type: z.literal("subscription_form"),
    orderNumber: z.string(),
    channels: z.array(z.enum(["email", "sms"])),
    suggestedChannel: z.enum(["email", "sms"]).optional(),
    consentText: z.string(),
  }),
  z.strictObject({
    type: z.literal("intent_chooser"),
    prompt: z.string(),
    options: z
      .array(z.strictObject({ label: str(60), action: chatActionSchema }))
      .min(2)
      .max(8),
  }),
  z.strictObject({ type: z.literal("shortlist"), products: z.array(productCardSchema), expiresAt: z.string().optional() }),
  z.strictObject({
    type: z.literal("stylist_reply"),
    text: str(4000),
    stylistName: z.string(),
    /** The stylist's avatar as set in their dashboard profile (initials on a colour). */
    stylistInitials: str(3).optional(),
    stylistColor: z.enum(AVATAR_COLORS).optional(),
  }),
  /**
   * The conversation changed hands (a system line): the stylist resolved or closed the ticket (back to
   * the concierge), or reopened it. Clients render it in their own words.
   */
  z.strictObject({
    type: z.literal("handoff_status"),
    mode: z.enum(CONVERSATION_MODES),
    reason: z.enum(HANDOFF_REASONS),
    stylistName: str(100).optional(),
  }),
  z.strictObject({
    type: z.literal("notice"),
    level: z.enum(["info", "warning", "error"]),
    code: z.enum(["degraded", "error", "rate_limited", "session_expired", "info"]),
    text: z.string(),
    retryable: z.boolean().optional(),
  }),
]);
export type ConciergeMessage = z.infer<typeof conciergeMessageSchema>;
export type ConciergeMessageType = ConciergeMessage["type"];

export const MESSAGE_ROLES = ["shopper", "concierge", "stylist", "system"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** A stored transcript entry as clients receive it. */
export interface TranscriptEntry {
  seq: number;
  role: MessageRole;
  at: string;
  message: ConciergeMessage;
}
