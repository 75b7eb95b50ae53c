import type { Language } from "../../domain/i18n/languages";
import type { ConciergeKey } from "../../domain/i18n/messages/en";

/** The message catalog's formatter (server/concierge/i18n/translate.ts), handed in by the runtime. */
export type Translate = (language: Language, key: ConciergeKey, values?: Record<string, string | number>) => string;

export interface ReplyEmailValues {
  /** The shopper's first name. */
  name: string;
  stylistName: string;
  storeName: string;
  /** The stylist replies the shopper has not seen, oldest first. */
  replies: readonly string[];
  /** Where the conversation continues (the store's site), if known. */
  link?: string | undefined;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The "your stylist replied" email, in the shopper's language, as plain text and HTML. Everything that
 * came from people (names, replies) is escaped in the HTML part; the link is the store's own address.
 */
export function renderReplyEmail(
  translate: Translate,
  language: Language,
  v: ReplyEmailValues,
): { subject: string; text: string; html: string } {
  const subject = translate(language, "email.reply_subject", { stylist: v.stylistName, store: v.storeName });
  const intro = translate(language, "email.reply_intro", { name: v.name, stylist: v.stylistName, store: v.storeName });
  const cta = translate(language, "email.reply_cta");
  const footer = translate(language, "email.reply_footer");
  const text = [
    intro,
    "",
    ...v.replies.flatMap((r) => [r.replace(/^/gm, "> "), ""]),
    ...(v.link ? [`${cta}: ${v.link}`, ""] : []),
    "--",
    footer,
    "",
  ].join("\n");
  const quote = (r: string) =>
    `<blockquote style="margin:0 0 16px;padding:12px 16px;border-left:4px solid #7a4b12;background:#faf6f1;white-space:pre-wrap">${escapeHtml(r)}</blockquote>`;
  const html =
    `<!doctype html><html lang="${language}"><body style="font-family:system-ui,sans-serif;font-size:16px;line-height:1.5;color:#1c1917;max-width:560px;margin:0 auto;padding:24px">` +
    `<p>${escapeHtml(intro)}</p>${v.replies.map(quote).join("")}` +
    (v.link
      ? `<p><a href="${escapeHtml(v.link)}" style="display:inline-block;padding:10px 18px;background:#7a4b12;color:#fff;border-radius:8px;text-decoration:none">${escapeHtml(cta)}</a></p>`
      : "") +
    `<p style="color:#57534e;font-size:14px">${escapeHtml(footer)}</p></body></html>`;
  return { subject, text, html };
}
