import { parse } from "csv-parse/sync";
import { htmlToText, priceToCents, type SourceProduct, type SourceVariant } from "./source";

type Row = Record<string, string>;

const REQUIRED_COLUMNS = ["Handle", "Title", "Variant Price"];

export class CatalogFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CatalogFileError";
  }
}

const truthy = (v: string | undefined) => /^(true|yes|1)$/i.test((v ?? "").trim());

/**
 * Reads Shopify's product CSV export: a product spans several rows sharing its Handle — the first
 * carries the product (Title, Body, Type, Tags, Status, Published, option names), each row may
 * carry a variant (option values, SKU, price, compare-at price, inventory) and an image (Image Src,
 * Image Position); rows with only an image add images.
 */
export function readShopifyCsv(text: string): SourceProduct[] {
  let rows: Row[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Row[];
  } catch (error) {
    throw new CatalogFileError(`not a readable CSV file: ${(error as Error).message}`);
  }
  const first = rows[0];
  if (!first) throw new CatalogFileError("the CSV file has no rows");
  const missing = REQUIRED_COLUMNS.filter((c) => !(c in first));
  if (missing.length > 0) {
    throw new CatalogFileError(`not a Shopify product export: missing column(s) ${missing.join(", ")}`);
  }

  const byHandle = new Map<
    string,
    { product: SourceProduct; optionNames: string[]; images: Array<{ src: string; position: number }>; rows: number[] }
  >();
  rows.forEach((row, index) => {
    const line = index + 2; // the header is line 1
    const handle = (row.Handle ?? "").trim();
    if (!handle) return;
    let entry = byHandle.get(handle);
    if (!entry) {
      const status = (row.Status ?? "active").trim().toLowerCase();
      entry = {
        product: {
          handle,
          title: row.Title ?? "",
          description: htmlToText(row["Body (HTML)"] ?? ""),
          type: [row.Type, row["Product Category"]].filter(Boolean).join(" > "),
          tags: (row.Tags ?? "")
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
          status: status === "archived" || status === "draft" ? status : "active",
          // Older exports have no Published column: treat as published.
          published: row.Published === undefined || row.Published === "" ? true : truthy(row.Published),
          variants: [],
          images: [],
          origin: "",
          problems: [],
        },
        optionNames: [1, 2, 3].map((i) => (row[`Option${i} Name`] ?? "").trim()),
        images: [],
        rows: [],
      };
      if (!entry.product.title.trim()) entry.product.problems.push(`line ${line}: the product's first row has no Title`);
      byHandle.set(handle, entry);
    }
    entry.rows.push(line);
    const imageSrc = (row["Image Src"] ?? "").trim();
    if (imageSrc) entry.images.push({ src: imageSrc, position: Number(row["Image Position"]) || entry.images.length + 1 });

    const hasVariant = [1, 2, 3].some((i) => (row[`Option${i} Value`] ?? "").trim()) || (row["Variant Price"] ?? "").trim() !== "";
    if (!hasVariant) return; // an image-only row
    const options: Record<string, string> = {};
    [1, 2, 3].forEach((i) => {
      const name = entry!.optionNames[i - 1] || (i === 1 ? "Title" : "");
      const value = (row[`Option${i} Value`] ?? "").trim();
      if (name && value) options[name] = value;
    });
    const priceCents = priceToCents(row["Variant Price"]);
    if (priceCents === undefined) {
      entry.product.problems.push(`line ${line}: Variant Price ${JSON.stringify(row["Variant Price"] ?? "")} is not a price`);
      return;
    }
    const compareAt = priceToCents(row["Variant Compare At Price"]);
    const tracked = (row["Variant Inventory Tracker"] ?? "").trim() !== "";
    const qtyRaw = (row["Variant Inventory Qty"] ?? "").trim();
    const variant: SourceVariant = {
      ...(row["Variant SKU"] ? { sku: row["Variant SKU"] } : {}),
      options,
      priceCents,
      ...(compareAt !== undefined && compareAt > priceCents ? { compareAtPriceCents: compareAt } : {}),
      ...(tracked && qtyRaw !== "" && Number.isFinite(Number(qtyRaw)) ? { inventory: Number(qtyRaw) } : {}),
      inventoryPolicy: (row["Variant Inventory Policy"] ?? "").trim().toLowerCase() === "continue" ? "continue" : "deny",
      ...((row["Variant Image"] ?? "").trim() ? { imageUrl: row["Variant Image"]!.trim() } : {}),
    };
    entry.product.variants.push(variant);
  });

  return [...byHandle.values()].map(({ product, images, rows: lines }) => {
    product.images = images.sort((a, b) => a.position - b.position).map((i) => i.src);
    product.origin = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines[0]}–${lines[lines.length - 1]}`;
    if (product.variants.length === 0 && product.problems.length === 0) product.problems.push("no variant rows with a price");
    return product;
  });
}
