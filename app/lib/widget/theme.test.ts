import { describe, expect, it } from "vitest";
import { contrast, DEFAULT_BRAND, isBrandColor, widgetTheme } from "./theme";

const LIGHT = ["#ffffff", "#fffdf9", "#f7f1e9"];
const DARK = ["#1c1917", "#292522", "#332e2a"];

describe("widgetTheme", () => {
  it("keeps the default brand as it is (it already passes)", () => {
    expect(widgetTheme(undefined).brand).toBe(DEFAULT_BRAND);
    expect(widgetTheme("not a colour").brand).toBe(DEFAULT_BRAND);
  });

  for (const brand of ["#7a4b12", "#1f4e79", "#ffcc00", "#ff69b4", "#00ff00", "#ffffff", "#000000", "#0ea5e9"]) {
    it(`derives AA colours from ${brand} in light and dark mode`, () => {
      const { vars } = widgetTheme(brand);
      expect(contrast(vars["--cw-brand"]!, "#ffffff")).toBeGreaterThanOrEqual(4.5);
      expect(contrast(vars["--cw-brand-hover"]!, "#ffffff")).toBeGreaterThanOrEqual(4.5);
      for (const bg of [...LIGHT, vars["--cw-brand-soft-light"]!]) {
        expect(contrast(vars["--cw-brand-text-light"]!, bg), `text on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
      for (const bg of [...DARK, vars["--cw-brand-soft-dark"]!]) {
        expect(contrast(vars["--cw-brand-text-dark"]!, bg), `dark text on ${bg}`).toBeGreaterThanOrEqual(4.5);
      }
      for (const bg of [vars["--cw-head"]!, vars["--cw-head-end"]!]) {
        expect(contrast("#ffffff", bg)).toBeGreaterThanOrEqual(4.5);
        expect(contrast(vars["--cw-head-sub"]!, bg)).toBeGreaterThanOrEqual(4.5);
      }
    });
  }

  it("accepts only #rrggbb", () => {
    expect(isBrandColor("#1F4E79")).toBe(true);
    for (const bad of ["1f4e79", "#fff", "red", "#1f4e79;background:url(x)", "", null]) expect(isBrandColor(bad)).toBe(false);
  });
});
