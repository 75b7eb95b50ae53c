import { describe, expect, it } from "vitest";
import { isOpen, isTimeZone, nextOpening, parseBusinessHours, replyExpectation } from "./business-hours";

const NY = "America/New_York";
const weekdays = parseBusinessHours("Mon-Fri 09:00-19:00", NY);

describe("business hours", () => {
  it("parses ranges of days, several windows and 'always'", () => {
    expect(weekdays.windows).toEqual([{ days: [1, 2, 3, 4, 5], start: 540, end: 1140 }]);
    const two = parseBusinessHours("Mon-Fri 09:00-19:00; Sat 10:00-16:00", "Europe/Berlin");
    expect(two.windows.map((w) => w.days)).toEqual([[1, 2, 3, 4, 5], [6]]);
    expect(parseBusinessHours("Fri-Mon 10:00-14:00", NY).windows[0]!.days).toEqual([5, 6, 0, 1]);
    expect(parseBusinessHours("always", NY).windows).toEqual([]);
  });

  it("refuses what it cannot read, naming the part", () => {
    expect(() => parseBusinessHours("Mon-Fri 9-7", NY)).toThrow(/"Mon-Fri 9-7" is not like/);
    expect(() => parseBusinessHours("Mon-Fri 19:00-09:00", NY)).toThrow(/before the closing time/);
    expect(() => parseBusinessHours("Mon-Fry 09:00-19:00", NY)).toThrow(/days are/);
    expect(() => parseBusinessHours("Mon-Fri 09:00-19:00", "Mars/Olympus")).toThrow(/not a time zone/);
    expect(isTimeZone("Europe/Paris")).toBe(true);
  });

  it("knows when the stylists are at work, in the store's time zone", () => {
    // Tuesday 2026-12-01 14:00 UTC = 09:00 in New York (EST, UTC-5).
    expect(isOpen(weekdays, new Date("2026-12-01T14:00:00Z"))).toBe(true);
    expect(isOpen(weekdays, new Date("2026-12-01T13:59:00Z"))).toBe(false);
    expect(isOpen(weekdays, new Date("2026-12-02T00:00:00Z"))).toBe(false); // 19:00 NY: closed
    expect(isOpen(parseBusinessHours("always", NY), new Date("2026-12-06T03:00:00Z"))).toBe(true);
  });

  it("finds the next opening across nights, weekends and daylight-saving changes", () => {
    // Friday 20:00 NY → Monday 09:00 NY.
    expect(nextOpening(weekdays, new Date("2026-12-05T01:00:00Z")).toISOString()).toBe("2026-12-07T14:00:00.000Z");
    // Tuesday 07:00 NY → the same day 09:00.
    expect(nextOpening(weekdays, new Date("2026-12-01T12:00:00Z")).toISOString()).toBe("2026-12-01T14:00:00.000Z");
    // Saturday 2026-03-07 → Monday 2026-03-09 09:00 EDT (UTC-4, after the change on Sunday).
    expect(nextOpening(weekdays, new Date("2026-03-07T15:00:00Z")).toISOString()).toBe("2026-03-09T13:00:00.000Z");
    const open = new Date("2026-12-01T15:00:00Z");
    expect(nextOpening(weekdays, open)).toEqual(open);
  });

  it("states what a waiting shopper can expect", () => {
    expect(replyExpectation(weekdays, 120, new Date("2026-12-01T15:00:00Z"))).toEqual({
      openNow: true,
      replyWithinMinutes: 120,
      hours: "Mon-Fri 09:00-19:00",
      timeZone: NY,
    });
    expect(replyExpectation(weekdays, 120, new Date("2026-12-05T01:00:00Z"))).toMatchObject({
      openNow: false,
      backAt: "2026-12-07T14:00:00.000Z",
    });
  });
});
