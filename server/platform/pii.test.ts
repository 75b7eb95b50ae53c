import { describe, expect, it } from "vitest";
import { containsEmail, maskContactDetails } from "./pii";

const mask = (text: string) => maskContactDetails(text);

describe("maskContactDetails", () => {
  it.each([
    "call me at +1 415 555 0142",
    "my number is 415-555-0142",
    "(415) 555-0142 after 5pm",
    "text me on 555-0142",
    "reach me at 555-1234",
    "whatsapp 0612345678",
    "mi teléfono es 612 345 678",
    "ruf mich an: 030 1234567",
    "+44 20 7946 0958",
  ])("hides the phone number in %j", (text) => {
    const masked = mask(text);
    expect(masked).toContain("[phone hidden]");
    expect(masked.replace("[phone hidden]", "")).not.toMatch(/\d{3}/);
  });

  it.each([
    "rings between 1500-2000",
    "budget 1500 - 2000 please",
    "something around $1,200",
    "up to $1,500.50",
    "1.500-2.000 €",
    "entre 1.500 y 2.000 €",
    "between 500-1000 dollars",
    "500-1000",
    "our anniversary 2024-2025",
    "delivered 2026-12-04",
    "order GG-12002 please",
    "a 3-stone ring, size 6.5, 14k gold",
    "price 1200000 USD",
  ])("keeps prices, ranges, dates and order numbers in %j", (text) => {
    expect(mask(text)).toBe(text);
  });

  it("hides emails and keeps the rest", () => {
    expect(mask("I'm ava.chen@example.com, order GG-12001, budget $300")).toBe("I'm [email hidden], order GG-12001, budget $300");
    expect(containsEmail("write to a@b.co")).toBe(true);
    expect(containsEmail("no email here, just $1,200")).toBe(false);
  });

  it("uses the labels it is given", () => {
    expect(maskContactDetails("a@b.co or 415 555 0142", { email: "[email provided]", phone: "[phone provided]" })).toBe(
      "[email provided] or [phone provided]",
    );
  });
});
