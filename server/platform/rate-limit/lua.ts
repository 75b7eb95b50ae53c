import { createHash } from "node:crypto";

/**
 * `@upstash/ratelimit` ≥ 2.1 starts every Lua script with `#!lua flags=allow-key-locking`, a flag
 * that Upstash understands and plain Redis 7.0 rejects ("Unexpected flag in script shebang").
 * Without a shebang line Redis runs the script in its (equivalent) legacy mode.
 */
export function stripLuaShebang(script: string): string {
  return script.startsWith("#!") ? script.slice(script.indexOf("\n") + 1 || script.length) : script;
}

export function sha1Hex(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/**
 * Remembers, for each script seen with a shebang, the SHA1 the caller knows it by (of the original
 * text, which is what `@upstash/ratelimit` sends to EVALSHA) and the SHA1 Redis knows it by (of the
 * stripped text), so EVALSHA keeps working in one round trip after the first EVAL.
 */
export class ScriptShaMap {
  private readonly byOriginal = new Map<string, { sha: string; script: string }>();

  /** Registers a script; returns the stripped text and both hashes. */
  register(script: string): { original: string; stripped: string; sha: string } {
    const stripped = stripLuaShebang(script);
    const original = sha1Hex(script);
    const sha = stripped === script ? original : sha1Hex(stripped);
    if (stripped !== script && this.byOriginal.size < 1000) this.byOriginal.set(original, { sha, script: stripped });
    return { original, stripped, sha };
  }

  /** The stripped script known by its original hash, if any. */
  lookup(originalSha: string): { sha: string; script: string } | undefined {
    return this.byOriginal.get(originalSha.toLowerCase());
  }
}

export function isNoScriptError(error: unknown): boolean {
  return String(error instanceof Error ? error.message : error).includes("NOSCRIPT");
}
