/**
 * When the store's stylists work (STYLIST_HOURS in STYLIST_TIMEZONE), and what that means for a shopper
 * waiting for a reply. Pure: no configuration is read here, and every answer takes `now`.
 *
 * The hours are written the way a store writes them on its contact page:
 *   "Mon-Fri 09:00-19:00"                      one range of days
 *   "Mon-Fri 09:00-19:00, Sat 10:00-16:00"     several ranges (comma or semicolon separated)
 *   "always"                                   around the clock
 */

export const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening window: these weekdays, from `start` to `end` minutes after local midnight. */
export interface HoursWindow {
  days: readonly number[]; // 0 = Sunday
  start: number;
  end: number;
}

export interface BusinessHours {
  /** Empty = always open. */
  windows: readonly HoursWindow[];
  timeZone: string;
  /** The spec as configured ("Mon-Fri 09:00-19:00"), for display. */
  label: string;
}

const DAY_INDEX: Record<string, number> = Object.fromEntries(WEEKDAYS.map((d, i) => [d.toLowerCase(), i]));
const SEGMENT = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

/** Whether `zone` is an IANA time zone this runtime knows ("America/New_York"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses STYLIST_HOURS; throws an Error naming the part it could not read. */
export function parseBusinessHours(spec: string, timeZone: string): BusinessHours {
  const label = spec.trim();
  if (!isTimeZone(timeZone)) throw new Error(`"${timeZone}" is not a time zone (use an IANA name such as America/New_York)`);
  if (/^(always|24\/7)$/i.test(label)) return { windows: [], timeZone, label: "24/7" };
  const windows: HoursWindow[] = [];
  for (const part of label.split(/[,;]/).map((p) => p.trim())) {
    const m = SEGMENT.exec(part);
    if (!m) throw new Error(`"${part}" is not like "Mon-Fri 09:00-19:00"`);
    const from = DAY_INDEX[m[1]!.toLowerCase()];
    const to = DAY_INDEX[(m[2] ?? m[1]!).toLowerCase()];
    if (from === undefined || to === undefined) throw new Error(`"${part}": days are Mon, Tue, Wed, Thu, Fri, Sat, Sun`);
    const start = Number(m[3]) * 60 + Number(m[4]);
    const end = Number(m[5]) * 60 + Number(m[6]);
    if (Number(m[4]) > 59 || Number(m[6]) > 59 || start >= end || end > 24 * 60) {
      throw new Error(`"${part}": the opening time must come before the closing time, both within one day`);
    }
    const days: number[] = [];
    for (let d = from; ; d = (d + 1) % 7) {
      days.push(d);
      if (d === to) break;
    }
    windows.push({ days, start, end });
  }
  return { windows, timeZone, label };
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function localTime(at: Date, timeZone: string): LocalTime {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
    partsFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    weekday: DAY_INDEX[String(p.weekday).toLowerCase()] ?? 0,
    minutes: Number(p.hour) * 60 + Number(p.minute),
  };
}

/** The instant at which the clock in `timeZone` shows this local date and time. */
function instantOf(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  let guess = wanted;
  for (let i = 0; i < 3; i++) {
    const shown = localTime(new Date(guess), timeZone);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, Math.floor(shown.minutes / 60), shown.minutes % 60);
    const diff = wanted - shownUtc;
    if (diff === 0) break;
    guess += diff;
  }
  return new Date(guess);
}

/** Whether the stylists are working at `now`. */
export function isOpen(hours: BusinessHours, now: Date): boolean {
  if (hours.windows.length === 0) return true;
  const local = localTime(now, hours.timeZone);
  return hours.windows.some((w) => w.days.includes(local.weekday) && local.minutes >= w.start && local.minutes < w.end);
}

/** When the stylists are next at work (now, if they are). */
export function nextOpening(hours: BusinessHours, now: Date): Date {
  if (isOpen(hours, now)) return now;
  const today = localTime(now, hours.timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    // Noon of the local day `offset` days ahead: a DST change can never push it onto another date.
    const noon = new Date(instantOf(today.year, today.month, today.day, 12 * 60, hours.timeZone).getTime() + offset * 86_400_000);
    const day = localTime(noon, hours.timeZone);
    const starts = hours.windows
      .filter((w) => w.days.includes(day.weekday) && (offset > 0 || w.start > today.minutes))
      .map((w) => w.start)
      .sort((a, b) => a - b);
    if (starts.length > 0) return instantOf(day.year, day.month, day.day, starts[0]!, hours.timeZone);
  }
  return now; // unreachable with at least one window
}

/** What a shopper waiting for a stylist can expect. */
export interface ReplyExpectation {
  /** The stylists are at work right now. */
  openNow: boolean;
  /** The first-response target while they work (TICKET_FIRST_RESPONSE_MINUTES). */
  replyWithinMinutes: number;
  /** When they are back, while they are away (ISO). */
  backAt?: string;
  /** The store's hours as configured, for display. */
  hours: string;
  timeZone: string;
}

export function replyExpectation(hours: BusinessHours, firstResponseMinutes: number, now: Date): ReplyExpectation {
  const openNow = isOpen(hours, now);
  return {
    openNow,
    replyWithinMinutes: firstResponseMinutes,
    ...(openNow ? {} : { backAt: nextOpening(hours, now).toISOString() }),
    hours: hours.label,
    timeZone: hours.timeZone,
  };
}
