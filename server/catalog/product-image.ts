/**
 * Deterministic, self-contained product illustrations (SVG) for the demo catalog.
 *
 * A stylised drawing per category — ring with its stone, pendant on a chain, a pair of
 * earrings, a bracelet or bangle — coloured by metal and stone, with small variations
 * (background tint, sparkles) derived from a hash of the product id. No fonts, scripts or
 * external references; gradient ids are prefixed per product so several SVGs can be inlined
 * on one page.
 */
import type { Metal, Product, StoneType } from "../domain/catalog";

export type ProductImageInput = Pick<Product, "id" | "name" | "category" | "metal" | "stones" | "styleTags">;

type Stops = readonly [string, string, string];

const METAL_STOPS: Record<Metal, Stops> = {
  yellow_gold_14k: ["#FFF4C2", "#E9BE55", "#A97B1E"],
  white_gold_14k: ["#FFFFFF", "#DDE1E7", "#9EA5AF"],
  rose_gold_14k: ["#FFE6DA", "#E9A48A", "#A9624B"],
  platinum: ["#F2F4F7", "#BFC5CD", "#7D8590"],
  sterling_silver: ["#FBFCFE", "#CBD3DD", "#8A95A3"],
};

const STONE_STOPS: Record<StoneType, Stops> = {
  "lab diamond": ["#FFFFFF", "#DCE9FF", "#8FA7D8"],
  sapphire: ["#A9C3FF", "#2E5BD8", "#0F2470"],
  emerald: ["#B5F0CF", "#1FA463", "#0A5432"],
  ruby: ["#FFB0BC", "#D81B45", "#6E0A1F"],
  pearl: ["#FFFFFF", "#F7F0E1", "#D5C6A8"],
  moissanite: ["#FFFFFF", "#E3F5EC", "#8FBFB0"],
  opal: ["#FFFFFF", "#C9EEF2", "#E2A6D6"],
  none: ["#FFFFFF", "#DCE9FF", "#8FA7D8"],
};

const BACKGROUNDS: ReadonlyArray<readonly [string, string]> = [
  ["#FDF2F4", "#F3DFE7"], // blush
  ["#F1F6FB", "#DCE7F3"], // sky
  ["#F5F2FA", "#E3DCF1"], // lavender
  ["#F2F8F4", "#DAECE1"], // mint
  ["#FBF7EF", "#EEE4D0"], // cream
];

/** Escape text for XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

function hash(input: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Round to one decimal for compact output. */
const n = (x: number): number => Math.round(x * 10) / 10;

interface Ctx {
  /** Id prefix, unique per product. */
  u: string;
  /** Metal gradient stops (for flat strokes). */
  m: Stops;
  stoneType: StoneType | undefined;
  shape: string;
  carat: number;
  hasAccents: boolean;
  name: string;
}

const METAL = (c: Ctx) => `url(#${c.u}m)`;
const STONE = (c: Ctx) => `url(#${c.u}s)`;
const ACCENT = (c: Ctx) => `url(#${c.u}d)`;

/** One gem centred on (x, y) with radius r. */
function gem(c: Ctx, x: number, y: number, r: number, shape = c.shape, fill = STONE(c), rotate = 0): string {
  const edge = `stroke="${c.m[2]}" stroke-width="1.5"`;
  // Pearls are always drawn round.
  const drawnShape = fill === STONE(c) && c.stoneType === "pearl" ? "round" : shape;
  let body: string;
  switch (drawnShape) {
    case "oval":
      body = `<ellipse cx="${n(x)}" cy="${n(y)}" rx="${n(r * 0.78)}" ry="${n(r * 1.08)}" fill="${fill}" ${edge}/>`;
      break;
    case "emerald":
    case "cushion":
    case "princess": {
      const w = r * 0.82;
      const hh = shape === "emerald" ? r * 1.05 : r * 0.9;
      const k = shape === "cushion" ? r * 0.35 : shape === "emerald" ? r * 0.28 : 0;
      body =
        k > 0 && shape === "emerald"
          ? `<path d="M${n(x - w + k)} ${n(y - hh)}H${n(x + w - k)}L${n(x + w)} ${n(y - hh + k)}V${n(y + hh - k)}L${n(x + w - k)} ${n(y + hh)}H${n(x - w + k)}L${n(x - w)} ${n(y + hh - k)}V${n(y - hh + k)}Z" fill="${fill}" ${edge}/>` +
            `<rect x="${n(x - w * 0.55)}" y="${n(y - hh * 0.62)}" width="${n(w * 1.1)}" height="${n(hh * 1.24)}" fill="none" stroke="#fff" stroke-opacity=".55"/>`
          : `<rect x="${n(x - w)}" y="${n(y - hh)}" width="${n(w * 2)}" height="${n(hh * 2)}" rx="${n(k)}" fill="${fill}" ${edge}/>`;
      break;
    }
    case "pear":
      body = `<path d="M${n(x)} ${n(y - r * 1.25)}C${n(x + r * 0.35)} ${n(y - r * 0.7)} ${n(x + r)} ${n(y - r * 0.1)} ${n(x + r * 0.85)} ${n(y + r * 0.45)}A${n(r * 0.86)} ${n(r * 0.86)} 0 0 1 ${n(x - r * 0.85)} ${n(y + r * 0.45)}C${n(x - r)} ${n(y - r * 0.1)} ${n(x - r * 0.35)} ${n(y - r * 0.7)} ${n(x)} ${n(y - r * 1.25)}Z" fill="${fill}" ${edge}/>`;
      break;
    case "marquise":
      body = `<path d="M${n(x)} ${n(y - r * 1.2)}Q${n(x + r * 1.1)} ${n(y)} ${n(x)} ${n(y + r * 1.2)}Q${n(x - r * 1.1)} ${n(y)} ${n(x)} ${n(y - r * 1.2)}Z" fill="${fill}" ${edge}/>`;
      break;
    case "heart":
      body = `<path d="M${n(x)} ${n(y + r)}C${n(x - r * 1.6)} ${n(y - r * 0.2)} ${n(x - r * 0.7)} ${n(y - r * 1.4)} ${n(x)} ${n(y - r * 0.5)}C${n(x + r * 0.7)} ${n(y - r * 1.4)} ${n(x + r * 1.6)} ${n(y - r * 0.2)} ${n(x)} ${n(y + r)}Z" fill="${fill}" ${edge}/>`;
      break;
    default:
      body = `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" fill="${fill}" ${edge}/>`;
  }
  // Facets read as a diamond-shaped table outline plus a bright glint; lab diamonds, moissanite
  // and opal also get a touch of iridescent fire.
  const smooth = drawnShape === "round" && (c.stoneType === "pearl" || c.stoneType === "opal") && fill === STONE(c);
  let extra = "";
  if (r >= 8) {
    if (!smooth && r >= 10) {
      extra += `<path d="M${n(x)} ${n(y - r * 0.62)}L${n(x + r * 0.55)} ${n(y)}L${n(x)} ${n(y + r * 0.62)}L${n(x - r * 0.55)} ${n(y)}Z" fill="none" stroke="#fff" stroke-opacity=".75"/>`;
    }
    if (r >= 14 && fill === STONE(c) && (c.stoneType === "lab diamond" || c.stoneType === "moissanite" || c.stoneType === "opal")) {
      extra += `<circle cx="${n(x + r * 0.3)}" cy="${n(y + r * 0.3)}" r="${n(r * 0.16)}" fill="#F7B8E4" opacity=".7"/><circle cx="${n(x + r * 0.05)}" cy="${n(y + r * 0.42)}" r="${n(r * 0.12)}" fill="#9EE6FF" opacity=".7"/>`;
    }
    extra += `<ellipse cx="${n(x - r * 0.3)}" cy="${n(y - r * 0.35)}" rx="${n(r * 0.28)}" ry="${n(r * 0.16)}" fill="#fff" opacity=".85"/>`;
  }
  const inner = body + extra;
  return rotate ? `<g transform="rotate(${rotate} ${n(x)} ${n(y)})">${inner}</g>` : inner;
}

/** Small stones (pavé, halo, tennis) as plain circles sharing one fill. */
function dots(points: Array<[number, number]>, r: number, fill: string, edge = "#7D8590"): string {
  return `<g fill="${fill}" stroke="${edge}" stroke-width=".8">${points.map(([x, y]) => `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}"/>`).join("")}</g>`;
}

function halo(c: Ctx, x: number, y: number, r: number, count = 14): string {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const a = (i / count) * Math.PI * 2;
    pts.push([x + Math.cos(a) * r, y + Math.sin(a) * r * 1.08]);
  }
  return dots(pts, Math.max(2.5, r * 0.17), ACCENT(c), c.m[2]);
}

function ellipsePoints(cx: number, cy: number, rx: number, ry: number, from: number, to: number, count: number) {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const a = from + ((to - from) * i) / Math.max(1, count - 1);
    pts.push([cx + Math.cos(a) * rx, cy + Math.sin(a) * ry]);
  }
  return pts;
}

const has = (c: Ctx, ...words: string[]) => words.some((w) => c.name.includes(w));

function drawRing(c: Ctx): string {
  const cx = 240;
  const cy = 288;
  const R = 98;
  const plain = c.stoneType === undefined;
  const w = has(c, "dome") ? 26 : has(c, "dainty", "stacking", "marquise", "pavé", "rope") ? 8 : plain ? 14 : 10;
  let out =
    `<circle cx="${cx}" cy="${cy}" r="${R}" fill="none" stroke="${METAL(c)}" stroke-width="${w}"/>` +
    `<circle cx="${cx}" cy="${cy}" r="${R - w / 2}" fill="none" stroke="${c.m[2]}" stroke-opacity=".45"/>` +
    `<path d="M${n(cx - R * 0.87)} ${n(cy - R * 0.5)}A${R} ${R} 0 0 1 ${n(cx - R * 0.2)} ${n(cy - R * 0.98)}" fill="none" stroke="#fff" stroke-width="${n(w / 3)}" stroke-linecap="round" opacity=".7"/>`;
  if (has(c, "rope")) {
    out += `<circle cx="${cx}" cy="${cy}" r="${R}" fill="none" stroke="${c.m[2]}" stroke-width="${w}" stroke-dasharray="3 5" opacity=".5"/>`;
  }
  const top = cy - R;
  if (has(c, "signet")) {
    return (
      out +
      `<ellipse cx="${cx}" cy="${top - 6}" rx="48" ry="34" fill="${METAL(c)}" stroke="${c.m[2]}" stroke-width="2"/>` +
      `<ellipse cx="${cx}" cy="${top - 6}" rx="34" ry="22" fill="none" stroke="${c.m[2]}" stroke-opacity=".5"/>`
    );
  }
  if (plain) return out;
  if (has(c, "eternity", "pavé")) {
    const pts = ellipsePoints(cx, cy, R, R, Math.PI * 1.12, Math.PI * 1.88, has(c, "eternity") ? 9 : 11);
    return out + dots(pts, has(c, "eternity") ? 7 : 4.5, STONE(c), c.m[2]);
  }
  const small = c.carat > 0 && c.carat < 0.3;
  const r = has(c, "cocktail") ? 40 : small ? 14 : Math.min(40, 22 + c.carat * 10);
  const y = top - r * 0.55;
  // Prongs / basket.
  out += `<path d="M${n(cx - r * 0.6)} ${n(top + 4)}L${n(cx - r * 0.8)} ${n(y)}M${n(cx + r * 0.6)} ${n(top + 4)}L${n(cx + r * 0.8)} ${n(y)}" stroke="${METAL(c)}" stroke-width="5" stroke-linecap="round"/>`;
  if (c.hasAccents) out += halo(c, cx, y, r + (has(c, "hidden") ? 2 : 8), has(c, "cocktail") ? 18 : 14);
  const rot = has(c, "marquise") ? 90 : 0;
  return out + gem(c, cx, y, r, c.shape, STONE(c), rot);
}

function drawNecklace(c: Ctx): string {
  const choker = has(c, "choker");
  const bottom = choker ? 210 : 270;
  const x0 = choker ? 70 : 92;
  const ctrl = 2 * bottom - 40; // quadratic control point so the curve bottoms out at `bottom`
  const width = has(c, "herringbone") ? 11 : has(c, "snake") ? 7 : has(c, "paperclip") ? 5 : 4;
  const dash = has(c, "paperclip") ? ' stroke-dasharray="14 5"' : has(c, "herringbone", "snake") ? "" : ' stroke-dasharray="6 2"';
  const d = `M${x0} 20Q240 ${ctrl} ${480 - x0} 20`;
  let out =
    `<path d="${d}" fill="none" stroke="${c.m[2]}" stroke-width="${width + 2}" opacity=".35"/>` +
    `<path d="${d}" fill="none" stroke="${METAL(c)}" stroke-width="${width}"${dash}/>`;
  const at = (t: number): [number, number] => [
    (1 - t) ** 2 * x0 + 2 * (1 - t) * t * 240 + t * t * (480 - x0),
    (1 - t) ** 2 * 20 + 2 * (1 - t) * t * ctrl + t * t * 20,
  ];
  const bail = (y: number) => `<circle cx="240" cy="${y}" r="6" fill="none" stroke="${METAL(c)}" stroke-width="3"/>`;

  if (has(c, "bar")) {
    return out + `<rect x="170" y="${bottom - 8}" width="140" height="18" rx="5" fill="${METAL(c)}" stroke="${c.m[2]}"/>`;
  }
  if (has(c, "disc")) {
    return (
      out +
      bail(bottom + 5) +
      `<circle cx="240" cy="${bottom + 34}" r="24" fill="${METAL(c)}" stroke="${c.m[2]}" stroke-width="2"/><circle cx="240" cy="${bottom + 34}" r="17" fill="none" stroke="#fff" stroke-opacity=".5"/>`
    );
  }
  if (has(c, "locket")) {
    return (
      out +
      bail(bottom + 5) +
      `<ellipse cx="240" cy="${bottom + 48}" rx="32" ry="40" fill="${METAL(c)}" stroke="${c.m[2]}" stroke-width="2"/>` +
      `<ellipse cx="240" cy="${bottom + 48}" rx="22" ry="29" fill="none" stroke="${c.m[2]}" stroke-opacity=".45"/>`
    );
  }
  if (c.stoneType === undefined) return out;
  if (has(c, "tennis")) {
    const pts: Array<[number, number]> = [];
    for (let i = 0; i <= 18; i++) pts.push(at(0.14 + (0.72 * i) / 18));
    return out + dots(pts, 7.5, STONE(c), c.m[2]);
  }
  if (has(c, "station")) {
    return (
      out +
      [0.3, 0.4, 0.5, 0.6, 0.7]
        .map((t) => {
          const [x, y] = at(t);
          return `<circle cx="${n(x)}" cy="${n(y)}" r="9" fill="${METAL(c)}"/>` + gem(c, x, y, 6);
        })
        .join("")
    );
  }
  if (has(c, "lariat")) {
    return (
      out +
      `<path d="M240 ${bottom}V${bottom + 80}" stroke="${c.m[2]}" stroke-width="3" stroke-dasharray="5 2"/>` +
      gem(c, 240, bottom + 98, 14, "pear")
    );
  }
  if (has(c, "cluster")) {
    const pts: Array<[number, number]> = [[240, bottom + 36]];
    for (let i = 0; i < 6; i++) pts.push([240 + Math.cos((i * Math.PI) / 3) * 20, bottom + 36 + Math.sin((i * Math.PI) / 3) * 20]);
    return out + bail(bottom + 5) + pts.map(([x, y]) => gem(c, x, y, 10, "round")).join("");
  }
  const r = c.stoneType === "pearl" ? 22 : Math.min(28, 16 + c.carat * 12);
  const y = bottom + 14 + r * 1.1;
  out += bail(bottom + 5);
  if (c.hasAccents) out += halo(c, 240, y, r + 7);
  else if (c.stoneType !== "pearl") out += `<circle cx="240" cy="${n(y)}" r="${n(r + 4)}" fill="${METAL(c)}"/>`;
  return out + gem(c, 240, y, r);
}

function drawEarring(c: Ctx): string {
  const M = METAL(c);
  if (has(c, "huggie", "hoop")) {
    const big = has(c, "large");
    const r = big ? 78 : 36;
    let s = `<circle cx="0" cy="${big ? 40 : 10}" r="${r}" fill="none" stroke="${M}" stroke-width="${big ? 7 : 11}"/>`;
    s += `<path d="M${-r * 0.7} ${n((big ? 40 : 10) - r * 0.7)}A${r} ${r} 0 0 1 ${n(-r * 0.1)} ${(big ? 40 : 10) - r + 1}" fill="none" stroke="#fff" stroke-width="2" opacity=".7"/>`;
    if (c.stoneType !== undefined) s += dots(ellipsePoints(0, 10, r, r, 0.2, Math.PI - 0.2, 9), 4.5, STONE(c), c.m[2]);
    return s;
  }
  if (has(c, "threader")) {
    return `<circle cx="0" cy="-60" r="6" fill="${M}"/><path d="M0 -60C-18 0 18 40 0 110" fill="none" stroke="${M}" stroke-width="3" stroke-dasharray="5 2"/><rect x="-3" y="108" width="6" height="26" rx="3" fill="${M}"/>`;
  }
  if (has(c, "climber")) {
    const pts = ellipsePoints(30, -10, 40, 80, Math.PI * 0.62, Math.PI * 1.38, 5);
    return (
      `<path d="M${n(pts[0]![0])} ${n(pts[0]![1])}Q-26 -10 ${n(pts[4]![0])} ${n(pts[4]![1])}" fill="none" stroke="${M}" stroke-width="6"/>` +
      pts.map(([x, y], i) => gem(c, x, y, 11 - i * 1.4, "round")).join("")
    );
  }
  if (has(c, "star")) {
    const pts: string[] = [];
    for (let i = 0; i < 10; i++) {
      const a = -Math.PI / 2 + (i * Math.PI) / 5;
      const rr = i % 2 ? 11 : 26;
      pts.push(`${n(Math.cos(a) * rr)},${n(Math.sin(a) * rr)}`);
    }
    return `<polygon points="${pts.join(" ")}" fill="${M}" stroke="${c.m[2]}" stroke-width="1.5"/>`;
  }
  if (c.stoneType === undefined) {
    return `<circle r="22" fill="${M}" stroke="${c.m[2]}"/><circle cx="-7" cy="-8" r="6" fill="#fff" opacity=".75"/>`;
  }
  if (has(c, "chandelier")) {
    return (
      gem(c, 0, -70, 9, "round") +
      `<path d="M0 -60V-30M0 -30L-30 10M0 -30L30 10M0 -30V30" stroke="${M}" stroke-width="3"/>` +
      gem(c, -30, 24, 11, "pear") +
      gem(c, 30, 24, 11, "pear") +
      gem(c, 0, 50, 13.5, "pear")
    );
  }
  if (has(c, "drop")) {
    const top = c.hasAccents ? gem(c, 0, -60, 8, "round", ACCENT(c)) : `<circle cx="0" cy="-60" r="8" fill="${M}"/>`;
    return (
      top +
      `<path d="M0 -52V0" stroke="${c.m[2]}" stroke-width="3"/>` +
      gem(c, 0, 24, c.stoneType === "pearl" ? 24 : 22, c.stoneType === "pearl" ? "round" : "pear")
    );
  }
  const r = Math.min(32, 20 + c.carat * 8);
  let s = c.hasAccents ? halo(c, 0, 0, r + 7) : `<circle r="${n(r + 4)}" fill="${M}"/>`;
  s += gem(c, 0, 0, r);
  return s;
}

function drawEarrings(c: Ctx): string {
  const one = drawEarring(c);
  return `<g transform="translate(150 230)">${one}</g><g transform="translate(330 230) scale(-1 1)">${one}</g>`;
}

function drawBracelet(c: Ctx): string {
  const cx = 240;
  const cy = 245;
  const rx = 158;
  const ry = 80;
  const M = METAL(c);
  const bangle = has(c, "bangle");
  if (has(c, "cuff")) {
    return (
      `<path d="M${cx - rx + 20} ${cy - ry + 30}A${rx} ${ry} 0 1 0 ${cx + rx - 20} ${cy - ry + 30}" fill="none" stroke="${M}" stroke-width="34" stroke-linecap="round"/>` +
      `<path d="M${cx - rx + 30} ${cy + 10}A${rx} ${ry} 0 0 0 ${cx + rx - 30} ${cy + 10}" fill="none" stroke="#fff" stroke-width="3" opacity=".55"/>`
    );
  }
  const chainStyle = bangle
    ? 'stroke-width="14"'
    : has(c, "paperclip")
      ? 'stroke-width="5" stroke-dasharray="16 5"'
      : 'stroke-width="4" stroke-dasharray="6 2"';
  let out =
    (bangle ? "" : `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="none" stroke="${c.m[2]}" stroke-width="6" opacity=".3"/>`) +
    `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="none" stroke="${M}" ${chainStyle}/>`;
  if (bangle) {
    out += `<path d="M${cx - rx + 24} ${cy + 30}A${rx} ${ry} 0 0 0 ${cx + 40} ${cy + ry - 2}" fill="none" stroke="#fff" stroke-width="3" opacity=".6"/>`;
  }
  if (has(c, "rope")) {
    out += `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="none" stroke="${c.m[2]}" stroke-width="14" stroke-dasharray="3 6" opacity=".5"/>`;
  }
  if (has(c, "id bracelet")) {
    return (
      out + `<rect x="${cx - 58}" y="${cy + ry - 16}" width="116" height="32" rx="14" fill="${M}" stroke="${c.m[2]}" stroke-width="2"/>`
    );
  }
  if (has(c, "charm")) {
    const pts = ellipsePoints(cx, cy, rx, ry, 0.45, Math.PI - 0.45, 5);
    return (
      out +
      pts
        .map(([x, y], i) => {
          const yy = y + 22;
          const link = `<path d="M${n(x)} ${n(y)}V${n(yy - 10)}" stroke="${c.m[2]}" stroke-width="2"/>`;
          return (
            link +
            (i % 2
              ? `<circle cx="${n(x)}" cy="${n(yy)}" r="11" fill="${M}" stroke="${c.m[2]}"/>`
              : gem(c, x, yy, 11, i === 2 ? "heart" : "round", M))
          );
        })
        .join("")
    );
  }
  if (c.stoneType === undefined) return out;
  if (has(c, "tennis", "line")) {
    const pts = ellipsePoints(cx, cy, rx, ry, 0.08, Math.PI - 0.08, 17);
    return out + dots(pts, has(c, "line") ? 9 : 7, STONE(c), c.m[2]);
  }
  if (has(c, "bolo")) {
    const pts = ellipsePoints(cx, cy, rx, ry, 1.1, Math.PI - 1.1, 7);
    return out + dots(pts, 7, STONE(c), c.m[2]) + `<rect x="${cx - 12}" y="${cy - ry - 8}" width="24" height="16" rx="6" fill="${M}"/>`;
  }
  const count = bangle ? 7 : 5;
  const pts = ellipsePoints(cx, cy, rx, ry, bangle ? 1.0 : 0.5, Math.PI - (bangle ? 1.0 : 0.5), count);
  return (
    out +
    pts
      .map(([x, y], i) => {
        const alt = c.hasAccents && i % 2 === 1;
        return (
          (bangle ? "" : `<circle cx="${n(x)}" cy="${n(y)}" r="10" fill="${M}"/>`) +
          gem(c, x, y, bangle ? 9 : 7, "round", alt ? ACCENT(c) : STONE(c))
        );
      })
      .join("")
  );
}

function sparkles(h: number): string {
  let s = "";
  for (let i = 0; i < 3; i++) {
    const v = (h >>> (i * 9)) & 0x1ff;
    const x = 40 + (v % 400);
    const y = 30 + ((v * 7 + i * 97) % 110) + (i === 2 ? 300 : 0);
    const r = 5 + (v % 5);
    s += `<path d="M${x} ${y - r}L${n(x + r * 0.25)} ${n(y - r * 0.25)}L${x + r} ${y}L${n(x + r * 0.25)} ${n(y + r * 0.25)}L${x} ${y + r}L${n(x - r * 0.25)} ${n(y + r * 0.25)}L${x - r} ${y}L${n(x - r * 0.25)} ${n(y - r * 0.25)}Z"/>`;
  }
  return `<g fill="#fff" opacity=".85">${s}</g>`;
}

const stopsXml = (s: Stops) =>
  `<stop offset="0" stop-color="${s[0]}"/><stop offset=".5" stop-color="${s[1]}"/><stop offset="1" stop-color="${s[2]}"/>`;

/** A self-contained SVG illustration for a product (deterministic; ~2–4 KB). */
export function renderProductSvg(product: ProductImageInput): string {
  const h = hash(product.id);
  const u = `g${h.toString(36)}`;
  const main = product.stones.find((s) => s.type !== "none");
  const accent = product.stones.find((s, i) => i > 0 && s.type !== "none" && s !== main);
  const ctx: Ctx = {
    u,
    m: METAL_STOPS[product.metal],
    stoneType: main?.type,
    shape: main?.shape ?? "round",
    carat: main?.caratTotal ?? 0,
    hasAccents: accent !== undefined || /halo/i.test(product.name),
    name: product.name.toLowerCase(),
  };
  const bg = BACKGROUNDS[h % BACKGROUNDS.length] ?? BACKGROUNDS[0]!;
  const stoneStops = STONE_STOPS[main?.type ?? "lab diamond"];
  const accentStops = STONE_STOPS[accent?.type ?? "lab diamond"];

  let drawing: string;
  switch (product.category) {
    case "ring":
      drawing = drawRing(ctx);
      break;
    case "necklace":
      drawing = drawNecklace(ctx);
      break;
    case "earrings":
      drawing = drawEarrings(ctx);
      break;
    case "bracelet":
      drawing = drawBracelet(ctx);
      break;
  }

  const title = escapeXml(product.name);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 480 480" width="480" height="480" role="img" aria-labelledby="${u}t">` +
    `<title id="${u}t">${title}</title>` +
    `<defs>` +
    `<linearGradient id="${u}b" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg[0]}"/><stop offset="1" stop-color="${bg[1]}"/></linearGradient>` +
    `<radialGradient id="${u}g"><stop offset="0" stop-color="#fff" stop-opacity=".9"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>` +
    `<linearGradient id="${u}m" x1="0" y1="0" x2="1" y2="1">${stopsXml(ctx.m)}</linearGradient>` +
    `<radialGradient id="${u}s" cx=".35" cy=".3" r=".85">${stopsXml(stoneStops)}</radialGradient>` +
    (ctx.hasAccents ? `<radialGradient id="${u}d" cx=".35" cy=".3" r=".85">${stopsXml(accentStops)}</radialGradient>` : "") +
    `</defs>` +
    `<rect width="480" height="480" fill="url(#${u}b)"/>` +
    `<circle cx="240" cy="250" r="200" fill="url(#${u}g)"/>` +
    `<ellipse cx="240" cy="432" rx="120" ry="12" fill="#000" opacity=".06"/>` +
    drawing +
    sparkles(h) +
    `</svg>`
  );
}
