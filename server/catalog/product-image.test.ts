import { describe, expect, it } from "vitest";
import { buildDemoCatalog } from "../db/seed/demo-catalog";
import { escapeXml, renderProductSvg, type ProductImageInput } from "./product-image";

const catalog = buildDemoCatalog();
const XMLNS = 'xmlns="http://www.w3.org/2000/svg"';

/** Minimal well-formedness check: tags balance, attributes are quoted, no stray `<` or `&`. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const text = svg.slice(last, m.index);
    expect(text, "text between tags").not.toMatch(/[<>]|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(svg.slice(last)).toBe("");
  expect(stack).toEqual([]);
}

describe("renderProductSvg", () => {
  it("renders a self-contained, accessible SVG for every catalog product", () => {
    for (const p of catalog) {
      const svg = renderProductSvg(p);
      expect(svg.startsWith("<svg ")).toBe(true);
      expect(svg.endsWith("</svg>")).toBe(true);
      expect(svg).toContain(XMLNS);
      expect(svg).toContain('role="img"');
      expect(svg).toContain(`<title id=`);
      expect(svg).toContain(`>${escapeXml(p.name)}</title>`);
      expect(svg.replace(XMLNS, "")).not.toMatch(/http|<script|<image|<text|font|href|@import/i);
      for (const ref of svg.match(/url\([^)]*\)/g) ?? []) expect(ref).toMatch(/^url\(#[\w-]+\)$/);
      expect(svg.length, p.id).toBeLessThan(6 * 1024);
      assertWellFormed(svg);
    }
  });

  it("keeps the typical illustration under about 4 KB", () => {
    const sizes = catalog.map((p) => renderProductSvg(p).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(4200);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThan(3000);
  });

  it("escapes markup in product names", () => {
    const svg = renderProductSvg({
      id: "gg-test-escape",
      name: `Ruby & "Lab" <Diamond> Bangle's`,
      category: "bracelet",
      metal: "rose_gold_14k",
      stones: [{ type: "ruby", shape: "round", caratTotal: 1 }],
      styleTags: ["vintage"],
    });
    expect(svg).toContain("<title id=");
    expect(svg).toContain("Ruby &amp; &quot;Lab&quot; &lt;Diamond&gt; Bangle&apos;s</title>");
    expect(svg).not.toContain("<Diamond>");
    assertWellFormed(svg);
  });

  it("is deterministic and varies by product", () => {
    const p = catalog[0]!;
    expect(renderProductSvg(p)).toBe(renderProductSvg({ ...p }));
    const svgs = new Set(catalog.map((x) => renderProductSvg(x)));
    expect(svgs.size).toBe(catalog.length);
  });

  it("gives each product its own gradient ids so several can be inlined on one page", () => {
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const a = ids(renderProductSvg(catalog[0]!));
    const b = new Set(ids(renderProductSvg(catalog[1]!)));
    expect(a.length).toBeGreaterThan(0);
    for (const id of a) expect(b.has(id)).toBe(false);
  });

  it("colours by metal and stone", () => {
    const base: ProductImageInput = {
      id: "gg-ring-test",
      name: "Test Ring",
      category: "ring",
      metal: "yellow_gold_14k",
      stones: [{ type: "sapphire", shape: "oval", caratTotal: 1 }],
      styleTags: ["classic"],
    };
    const yellowSapphire = renderProductSvg(base);
    const platinumEmerald = renderProductSvg({ ...base, metal: "platinum", stones: [{ type: "emerald", shape: "emerald" }] });
    expect(yellowSapphire).toContain("#E9BE55");
    expect(yellowSapphire).toContain("#2E5BD8");
    expect(platinumEmerald).not.toContain("#E9BE55");
    expect(platinumEmerald).toContain("#1FA463");
  });

  it("draws every category and earring style, including plain pieces and stones marked none", () => {
    const categories = ["ring", "necklace", "earrings", "bracelet"] as const;
    const names = ["Huggie Hoop Earrings", "Pearl Drop Earrings", "Ear Climber Earrings", "Stud Earrings", "Threader Earrings"];
    for (const category of categories) {
      for (const name of names) {
        for (const stones of [[], [{ type: "none" as const }], [{ type: "opal" as const, shape: "pear" }]]) {
          const svg = renderProductSvg({ id: `gg-${category}-${name}`, name, category, metal: "sterling_silver", stones, styleTags: [] });
          assertWellFormed(svg);
          expect(svg).not.toContain("NaN");
          expect(svg).not.toContain("undefined");
        }
      }
    }
  });
});
