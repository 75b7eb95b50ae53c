import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(path.join(tmpdir(), "aurora-widget-"));
const out = path.join(dir, "widget.js");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("scripts/build-widget.mjs", () => {
  const stdout = execFileSync(process.execPath, ["scripts/build-widget.mjs", "--out", out], { encoding: "utf8" });
  const code = readFileSync(out, "utf8");

  it("prints the raw and gzipped sizes", () => {
    expect(stdout).toMatch(/\d+ bytes raw, \d+ bytes gzipped/);
  });

  it("keeps the loader within its gzipped budget (2.28 KB, one definition in the build script)", () => {
    const budget = Number(/\(budget (\d+)\)/.exec(stdout)?.[1]);
    expect(budget).toBe(2335);
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(budget);
  });

  it("is one self-contained ES2019 IIFE", () => {
    expect(code).not.toMatch(/\bimport\b|\bexport\b|require\(/);
    expect(code).not.toMatch(/\?\?|\?\.|\|\|=/); // ES2020+ syntax was lowered
    expect(() => new Function(code)).not.toThrow();
  });

  it("never posts with a wildcard target origin and never evaluates strings", () => {
    expect(code).not.toMatch(/postMessage\([^)]*["'`]\*["'`]/);
    expect(code).not.toMatch(/\beval\(|new Function/);
  });
});
