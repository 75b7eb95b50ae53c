import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseToolArguments, zodToTool } from "./tool-schema";

const searchProducts = z.object({
  query: z.string().min(1).describe("What the shopper is looking for"),
  category: z.enum(["ring", "necklace", "earrings", "bracelet"]).optional(),
  limit: z.number().int().min(1).max(10).default(5),
  price: z
    .object({
      min: z.number().nonnegative().optional(),
      max: z.number().positive().optional(),
      currency: z.literal("USD").default("USD"),
    })
    .optional(),
  metals: z
    .array(z.enum(["gold", "silver", "platinum"]))
    .max(3)
    .optional(),
});

describe("zodToTool", () => {
  const tool = zodToTool("search_products", "Search the catalog", searchProducts);

  it("produces a function tool with a plain JSON schema", () => {
    expect(tool.type).toBe("function");
    expect(tool.function.name).toBe("search_products");
    expect(tool.function.description).toBe("Search the catalog");
    const params = tool.function.parameters as Record<string, any>;
    expect(params.$schema).toBeUndefined();
    expect(params.type).toBe("object");
    expect(params.additionalProperties).toBe(false);
    // Only truly required inputs are required: optional and defaulted fields are not.
    expect(params.required).toEqual(["query"]);
    expect(params.properties.query).toMatchObject({ type: "string", minLength: 1, description: "What the shopper is looking for" });
    expect(params.properties.category).toEqual({ type: "string", enum: ["ring", "necklace", "earrings", "bracelet"] });
    expect(params.properties.limit).toMatchObject({ type: "integer", minimum: 1, maximum: 10, default: 5 });
  });

  it("handles nested objects (closed, with their own required list) and arrays of enums", () => {
    const params = tool.function.parameters as Record<string, any>;
    const price = params.properties.price;
    expect(price.type).toBe("object");
    expect(price.additionalProperties).toBe(false);
    expect(price.required ?? []).toEqual([]);
    expect(Object.keys(price.properties)).toEqual(["min", "max", "currency"]);
    expect(params.properties.metals).toMatchObject({ type: "array", maxItems: 3, items: { enum: ["gold", "silver", "platinum"] } });
  });

  it("is JSON-serialisable and round-trips unchanged (what goes over the wire)", () => {
    const wire = JSON.parse(JSON.stringify(tool));
    expect(wire).toEqual(tool);
    expect(JSON.stringify(tool)).not.toContain("$schema");
  });

  it("rejects invalid tool names and unrepresentable schemas at definition time", () => {
    expect(() => zodToTool("search products", "x", searchProducts)).toThrow(/Invalid tool name/);
    expect(() => zodToTool("bad", "x", z.object({ when: z.date() }))).toThrow();
  });
});

describe("parseToolArguments", () => {
  it("parses valid arguments and applies defaults", () => {
    const r = parseToolArguments(searchProducts, '{"query":"gold hoops","category":"earrings","price":{"max":300}}');
    expect(r).toEqual({
      ok: true,
      value: { query: "gold hoops", category: "earrings", limit: 5, price: { max: 300, currency: "USD" } },
    });
  });

  it("reports malformed JSON without throwing", () => {
    const r = parseToolArguments(searchProducts, '{"query": "rings", "limit": ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^arguments are not valid JSON/);
  });

  it("reports validation issues with paths, short and readable", () => {
    const r = parseToolArguments(searchProducts, '{"query":"","category":"tiara","price":{"max":-1}}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain("query:");
      expect(r.error).toContain("category:");
      expect(r.error).toContain("price.max:");
      expect(r.error.length).toBeLessThanOrEqual(400);
    }
  });

  it("treats an empty string as {} and non-objects as invalid", () => {
    const noArgs = z.object({});
    expect(parseToolArguments(noArgs, "")).toEqual({ ok: true, value: {} });
    expect(parseToolArguments(noArgs, "  ")).toEqual({ ok: true, value: {} });
    const r = parseToolArguments(searchProducts, "[1,2]");
    expect(r.ok).toBe(false);
  });

  it("truncates very long error lists", () => {
    const wide = z.object(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field_${i}_with_a_long_name`, z.string()])));
    const r = parseToolArguments(wide, "{}");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.length).toBeLessThanOrEqual(400);
      expect(r.error).toContain("more");
    }
  });
});
