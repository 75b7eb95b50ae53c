import type { ReplyExpectation } from "../../../server/domain/business-hours";
import type { ConversationMode, StylistIdentity } from "../../../server/domain/conversation-mode";
import type { WidgetStrings } from "../../../server/domain/i18n/widget-strings";
import { Avatar } from "./messages";

/** "2 hours", "45 minutes" in the shopper's language (Intl unit formatting). */
function duration(minutes: number, language: string): string {
  const hours = minutes % 60 === 0 || minutes >= 120;
  return new Intl.NumberFormat(language, { style: "unit", unit: hours ? "hour" : "minute", unitDisplay: "long" }).format(
    hours ? Math.round(minutes / 60) : minutes,
  );
}

/** When stylists are back, on the shopper's own clock ("Mon 9:00 AM"). */
function backAt(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { weekday: "short", hour: "numeric", minute: "2-digit" });
}

/**
 * While a stylist has the conversation (or is about to): who it is (their avatar and name), when a reply
 * can be expected (or that stylists are away, and until when, in the shopper's time zone), and the way
 * back to the concierge.
 */
export function HandoffBar({
  mode,
  stylist,
  expectation,
  language,
  strings,
  now,
  onBack,
}: {
  mode: ConversationMode;
  stylist: StylistIdentity | undefined;
  expectation: ReplyExpectation | undefined;
  language: string;
  strings: WidgetStrings;
  now: number | null;
  onBack: () => void;
}) {
  const human = mode === "human" && stylist !== undefined;
  const away = expectation && !expectation.openNow && expectation.backAt && (now === null || Date.parse(expectation.backAt) > now);
  const when = !expectation
    ? null
    : away
      ? strings["handoff.away"].replace("{when}", backAt(expectation.backAt!, language))
      : strings["handoff.replies_within"].replace("{duration}", duration(expectation.replyWithinMinutes, language));
  return (
    <section className="cw-handoff" aria-label={human ? `${stylist.name}, ${strings["handoff.stylist"]}` : strings["handoff.waiting"]}>
      {human ? (
        <Avatar initials={stylist.initials} color={stylist.color} />
      ) : (
        <span className="cw-avatar cw-avatar--waiting" aria-hidden="true">
          ✦
        </span>
      )}
      <div className="cw-handoff__text">
        <p className="cw-handoff__who">
          {human ? (
            <>
              {stylist.name} <span className="cw-handoff__role">· {strings["handoff.stylist"]}</span>
            </>
          ) : (
            strings["handoff.waiting"]
          )}
        </p>
        {when && now !== null && <p className={`cw-handoff__when${away ? " cw-handoff__when--away" : ""}`}>{when}</p>}
      </div>
      <button type="button" className="cw-btn cw-btn--small cw-btn--ghost cw-handoff__back" onClick={onBack}>
        {strings["handoff.back"]}
      </button>
    </section>
  );
}
