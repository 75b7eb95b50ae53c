import type { ReplyExpectation } from "../../domain/business-hours";
import type { Language } from "../../domain/i18n/languages";
import { t } from "../i18n/translate";
import type { FlowResult, TurnContext } from "../turn/types";
import { quickLinkChips } from "./chips";

/** "2 hours", "45 minutes" in the shopper's language. */
export function durationText(language: Language, minutes: number): string {
  if (minutes % 60 === 0) return t(language, "duration.hours", { n: minutes / 60 });
  return minutes < 120 ? t(language, "duration.minutes", { n: minutes }) : t(language, "duration.hours", { n: Math.round(minutes / 60) });
}

const whenFormats = new Map<string, Intl.DateTimeFormat>();
/** "Monday 9:00 AM EST": when the stylists are back, on the store's clock (its zone named). */
export function whenText(language: Language, iso: string, timeZone: string): string {
  const key = `${language}:${timeZone}`;
  let f = whenFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language, { timeZone, weekday: "long", hour: "numeric", minute: "2-digit", timeZoneName: "short" });
    whenFormats.set(key, f);
  }
  return f.format(new Date(iso));
}

/** The zone's short name ("EST") for the hours statement. */
function zoneName(language: Language, timeZone: string, at: Date): string {
  const part = new Intl.DateTimeFormat(language, { timeZone, timeZoneName: "short" })
    .formatToParts(at)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** What the escalation form and the ticket confirmation promise: a reply time now, or when the stylists are back. */
export function stylistPromise(language: Language, e: ReplyExpectation, now: Date): string {
  if (e.openNow || !e.backAt) return t(language, "stylist.promise", { duration: durationText(language, e.replyWithinMinutes) });
  return t(language, "stylist.promise_away", {
    hours: e.hours,
    zone: zoneName(language, e.timeZone, now),
    when: whenText(language, e.backAt, e.timeZone),
  });
}

/** The one short acknowledgement a shopper gets for writing while a stylist has the conversation. */
export function acknowledgement(language: Language, e: ReplyExpectation): string {
  if (e.openNow || !e.backAt) return t(language, "handoff.ack", { duration: durationText(language, e.replyWithinMinutes) });
  return t(language, "handoff.ack_away", { when: whenText(language, e.backAt, e.timeZone) });
}

/** Asking for a stylist while one already has the conversation. */
export function alreadyWithStylist(language: Language): string {
  return t(language, "handoff.already");
}

/** The shopper went back to the concierge: it answers again. */
export function backWithConcierge(ctx: TurnContext): FlowResult {
  return {
    messages: [
      { type: "text", text: t(ctx.language, "handoff.back") },
      {
        type: "refine_chips",
        chips: quickLinkChips(ctx.language).filter((c) => !(c.action.kind === "quick_link" && c.action.link === "stylist")),
      },
    ],
    state: { ...ctx.state },
  };
}
