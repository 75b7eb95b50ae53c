import { Query } from "mingo";
import { describe, expect, it } from "vitest";
import { selectDocs } from "./query";

const all = new Query({});

describe("embedded sort", () => {
  it("orders mixed scalar types in BSON order (null < numbers < strings < booleans < dates), both directions", () => {
    const docs = [
      { _id: "a", v: "b" },
      { _id: "b", v: 2 },
      { _id: "c", v: new Date(1000) },
      { _id: "d" },
      { _id: "e", v: true },
      { _id: "f", v: 1.5 },
      { _id: "g", v: "a" },
      { _id: "h", v: null },
    ];
    expect(selectDocs(docs, all, { sort: { v: 1 } }).map((d) => d._id)).toEqual(["d", "h", "f", "b", "g", "a", "e", "c"]);
    expect(selectDocs(docs, all, { sort: { v: -1 } }).map((d) => d._id)).toEqual(["c", "e", "a", "g", "b", "f", "d", "h"]);
  });

  it("breaks ties with the next key and keeps arrays on the general path", () => {
    const docs = [
      { _id: "x2", p: 5, n: "b" },
      { _id: "x1", p: 5, n: "a" },
      { _id: "x3", p: 1, n: "z" },
    ];
    expect(selectDocs(docs, all, { sort: { p: -1, n: 1 } }).map((d) => d._id)).toEqual(["x1", "x2", "x3"]);
    const arrays = [
      { _id: "m", tags: [3, 9] },
      { _id: "n", tags: [1, 2] },
    ];
    // MongoDB sorts arrays ascending by their smallest element.
    expect(selectDocs(arrays, all, { sort: { tags: 1 } }).map((d) => d._id)).toEqual(["n", "m"]);
  });

  it("applies skip and limit after sorting", () => {
    const docs = Array.from({ length: 10 }, (_, i) => ({ _id: `d${i}`, rank: 10 - i }));
    expect(selectDocs(docs, all, { sort: { rank: 1 }, skip: 2, limit: 3 }).map((d) => d.rank)).toEqual([3, 4, 5]);
  });
});
