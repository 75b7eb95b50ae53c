/**
 * The widget's colours from one brand colour: every derived shade is pushed darker (or lighter, on dark
 * surfaces) until the text on it meets WCAG AA (4.5:1), so a merchant can pick any colour and the
 * panel still passes axe in light and dark mode.
 */
export const DEFAULT_BRAND = "#7a4b12";
const HEX = /^#[0-9a-f]{6}$/i;

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** The panel's light surfaces (paper, cards) and dark ones: text must read on all of them. */
const LIGHT_SURFACES: Rgb[] = [WHITE, [255, 253, 249], [247, 241, 233]];
const DARK_SURFACES: Rgb[] = [
  [28, 25, 23],
  [41, 37, 34],
  [51, 46, 42],
];

export function isBrandColor(value: unknown): value is string {
  return typeof value === "string" && HEX.test(value);
}

function parse(hex: string): Rgb {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
}

function mix(a: Rgb, b: Rgb, amountOfB: number): Rgb {
  return [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * amountOfB) as unknown as Rgb;
}

function luminance(c: Rgb): number {
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string | Rgb, b: string | Rgb): number {
  const la = luminance(typeof a === "string" ? parse(a) : a);
  const lb = luminance(typeof b === "string" ? parse(b) : b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Moves `color` toward `toward` in 4% steps until it has `min` contrast with every one of `against`. */
function ensure(color: Rgb, against: Rgb[], min: number, toward: Rgb): Rgb {
  for (let step = 0; step <= 25; step++) {
    const c = mix(color, toward, step * 0.04);
    if (against.every((a) => contrast(c, a) >= min)) return c;
  }
  return toward;
}

export interface WidgetTheme {
  /** CSS custom properties for the widget's root element. */
  vars: Record<`--${string}`, string>;
  /** The brand as used for buttons (white text on it passes AA). */
  brand: string;
}

/** All of the widget's brand-derived colours, for light and dark mode. */
export function widgetTheme(brandColor: string | undefined | null): WidgetTheme {
  const base = parse(isBrandColor(brandColor) ? brandColor : DEFAULT_BRAND);
  // buttons and the shopper's bubbles: white text on the brand
  const brand = ensure(base, [WHITE], 4.5, BLACK);
  const hover = mix(brand, BLACK, 0.22);
  // light mode: a pale tint for selected states, brand-coloured text that reads on paper and on the tint
  const softLight = mix(brand, WHITE, 0.87);
  const textLight = ensure(brand, [...LIGHT_SURFACES, softLight], 4.5, BLACK);
  // dark mode: a deep tint and a light brand text
  const softDark = mix(brand, DARK_SURFACES[0]!, 0.72);
  const textDark = ensure(mix(brand, WHITE, 0.35), [...DARK_SURFACES, softDark], 4.5, WHITE);
  // the header: a deep tone of the brand, white title and a tinted subtitle on it
  const head = ensure(mix(base, BLACK, 0.55), [WHITE], 9, BLACK);
  const headEnd = ensure(mix(head, base, 0.35), [WHITE], 7, BLACK);
  const headSub = ensure(mix(base, WHITE, 0.7), [head, headEnd], 4.5, WHITE);
  return {
    brand: hex(brand),
    vars: {
      "--cw-brand": hex(brand),
      "--cw-brand-hover": hex(hover),
      "--cw-brand-text-light": hex(textLight),
      "--cw-brand-soft-light": hex(softLight),
      "--cw-brand-text-dark": hex(textDark),
      "--cw-brand-soft-dark": hex(softDark),
      "--cw-head": hex(head),
      "--cw-head-end": hex(headEnd),
      "--cw-head-sub": hex(headSub),
    },
  };
}
