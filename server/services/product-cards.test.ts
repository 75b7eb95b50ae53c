import { describe, expect, it } from "vitest";
import { formatUsd } from "./product-cards";

describe("formatUsd", () => {
  it("formats cents as US dollars with grouping and only the cents it needs", () => {
    expect(formatUsd(0)).toBe("$0");
    expect(formatUsd(5950)).toBe("$59.50");
    expect(formatUsd(50_000)).toBe("$500");
    expect(formatUsd(125_000)).toBe("$1,250");
    expect(formatUsd(123_456_789)).toBe("$1,234,567.89");
    expect(formatUsd(105)).toBe("$1.05");
  });
});
