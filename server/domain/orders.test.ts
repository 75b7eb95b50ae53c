import { afterEach, describe, expect, it } from "vitest";
import { maskContactDetails } from "../platform/pii";
import { orderNumberInput } from "../routers/inputs";
import {
  canonicalOrderNumber,
  configureOrderNumbers,
  DEFAULT_ORDER_NUMBER_FORMAT,
  isOrderNumber,
  orderNumberDigitsInText,
  orderNumberExample,
} from "./orders";

afterEach(() => configureOrderNumbers(DEFAULT_ORDER_NUMBER_FORMAT));

describe("order-number format", () => {
  it("defaults to the demo's GG-12002 and canonicalises what shoppers type", () => {
    expect(isOrderNumber("GG-12002")).toBe(true);
    expect(isOrderNumber("GG-12")).toBe(false);
    expect(canonicalOrderNumber(" gg-12002 ")).toBe("GG-12002");
    expect(canonicalOrderNumber("GG 12002")).toBe("GG-12002");
    expect(canonicalOrderNumber("gg12002")).toBe("GG-12002");
    expect(canonicalOrderNumber("12002")).toBeUndefined();
    expect(canonicalOrderNumber("#1001x")).toBeUndefined();
    expect(orderNumberExample()).toBe("GG-12002");
    expect(orderNumberDigitsInText("where is gg-12002 please")).toBe("12002");
  });

  it("follows a store's own format everywhere: inputs, chat text and PII masking", () => {
    configureOrderNumbers({ prefix: "#", minDigits: 4, maxDigits: 6 });
    expect(orderNumberInput.parse("#1001")).toBe("#1001");
    expect(orderNumberInput.parse("1001")).toBe("#1001");
    expect(orderNumberInput.safeParse("GG-12002").success).toBe(false);
    expect(orderNumberInput.safeParse("GG-12002").error?.issues[0]?.message).toBe("must look like #12002");
    expect(orderNumberDigitsInText("where is #1001")).toBe("1001");
    expect(maskContactDetails("order #1001, call +1 555 010 9999")).toBe("order #1001, call [phone hidden]");

    configureOrderNumbers({ prefix: "", minDigits: 6, maxDigits: 9 });
    expect(canonicalOrderNumber("100234")).toBe("100234");
    expect(canonicalOrderNumber("1002")).toBeUndefined();
    expect(orderNumberExample()).toBe("120020");
  });
});
