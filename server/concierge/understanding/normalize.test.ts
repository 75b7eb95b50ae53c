import { describe, expect, it } from "vitest";
import { correctWord, editDistance, normalize, stem } from "./normalize";

describe("normalize", () => {
  it("lowercases, strips punctuation and expands contractions", () => {
    expect(normalize("What's the WEATHER?!").text).toBe("what is the weather ? !");
    expect(normalize("Where's my order").text).toBe("where is my order");
    expect(normalize("I'm   a 7, I don't know").text).toBe("i am a 7 i do not know");
  });

  it("stems plurals lightly", () => {
    expect(normalize("rings necklaces earrings bracelets").text).toBe("ring necklace earring bracelet");
    expect(normalize("rubies huggies watches").text).toBe("ruby huggie watch");
    expect(stem("this")).toBe("this");
    expect(stem("christmas")).toBe("christmas");
    expect(stem("status")).toBe("status");
    expect(stem("dress")).toBe("dress");
  });

  it("corrects common shopper misspellings", () => {
    expect(normalize("neckalce braclet earings platnium").text).toBe("necklace bracelet earring platinum");
    expect(normalize("saphire emrald dimond jewlery").text).toBe("sapphire emerald diamond jewelry");
    expect(normalize("wheres my oder").text).toBe("where is my order");
    expect(normalize("shiping warrenty returnn").text).toBe("shipping warranty return");
    expect(normalize("neckless").text).toBe("necklace");
  });

  it("never corrects real words into domain words", () => {
    for (const w of ["bring", "hold", "older", "thing", "king", "hearing", "string", "those", "chair"]) {
      expect(correctWord(w)).toBe(w);
    }
    expect(normalize("bring me something bold").text).toBe("bring me something bold");
  });

  it("leaves gibberish alone", () => {
    expect(normalize("asdf qwer").text).toBe("asdf qwer");
    expect(normalize("lkjhg").text).toBe("lkjhg");
  });

  it("protects emails, order numbers and money", () => {
    const n = normalize("Email Jane.Doe+1@Example.com about GG-12002, gg12003 and gg 12004 #12005");
    expect(n.tokens).toContain("jane.doe+1@example.com");
    expect(n.tokens).toEqual(expect.arrayContaining(["gg-12002", "gg-12003", "gg-12004", "#12005"]));
    expect(normalize("$1,000 or 1.5k, 3/5, size 6.5").text).toBe("$1000 or 1.5k 3/5 size 6.5");
    expect(normalize("$200-$400").text).toBe("$200 - $400");
    expect(normalize("500$ rings").text).toBe("$500 ring");
    expect(normalize("under a grand").text).toBe("under 1000");
  });

  it("edit distance counts a transposition as one edit", () => {
    expect(editDistance("neckalce", "necklace")).toBe(1);
    expect(editDistance("braclet", "bracelet")).toBe(1);
    expect(editDistance("ring", "ring")).toBe(0);
    expect(editDistance("abc", "xyzabc", 1)).toBeGreaterThan(1);
  });
});
