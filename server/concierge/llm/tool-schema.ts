/**
 * Zod ⇄ OpenAI function-tool glue.
 *
 * - `zodToTool` turns a zod object schema into a `ChatCompletionTool` (JSON Schema via zod 4's
 *   `z.toJSONSchema`, input view so fields with `.default()` / `.optional()` are not required,
 *   `$schema` stripped, `additionalProperties: false` on every plain object).
 * - `parseToolArguments` validates the raw `arguments` text the model sent; never throws.
 */
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import { z } from "zod";

type JsonObject = { [key: string]: unknown };

/** Max length of the error text returned by parseToolArguments (it is fed back to the model). */
const MAX_ERROR_LENGTH = 400;

/**
 * Build an OpenAI/DeepSeek function tool from a zod object schema.
 * Throws (at definition time) if the schema contains something JSON Schema cannot represent
 * (transforms, z.date(), …) — keep tool schemas to plain data.
 */
export function zodToTool(name: string, description: string, schema: z.ZodObject): ChatCompletionFunctionTool {
  if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
    throw new Error(`Invalid tool name "${name}": use 1–64 letters, digits, "_" or "-"`);
  }
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as JsonObject;
  delete json.$schema;
  closeObjects(json);
  return {
    type: "function",
    function: { name, description, parameters: json },
  };
}

export type ToolArgumentsResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parse the raw JSON `arguments` of a tool call and validate them.
 * An empty string is treated as `{}` (some models send that for argument-less calls).
 * The error text is short and readable, suitable to send back to the model as the tool result.
 */
export function parseToolArguments<S extends z.ZodType>(schema: S, raw: string): ToolArgumentsResult<z.output<S>> {
  let data: unknown;
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") {
    data = {};
  } else {
    try {
      data = JSON.parse(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return { ok: false, error: truncate(`arguments are not valid JSON (${reason})`) };
    }
  }
  try {
    const result = schema.safeParse(data);
    if (result.success) return { ok: true, value: result.data };
    return { ok: false, error: truncate(formatIssues(result.error.issues)) };
  } catch (err) {
    // safeParse only throws for schema bugs (e.g. async refinements); still honour "never throws".
    return { ok: false, error: truncate(`arguments could not be validated (${err instanceof Error ? err.message : String(err)})`) };
  }
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  const prefix = "invalid arguments: ";
  const parts: string[] = [];
  let length = prefix.length;
  for (const [i, issue] of issues.entries()) {
    const path = issue.path.length ? issue.path.map(String).join(".") : "(root)";
    const part = `${path}: ${issue.message}`;
    const rest = issues.length - i;
    // Keep room for the "(+N more)" suffix.
    if (parts.length > 0 && length + part.length + 2 > MAX_ERROR_LENGTH - 16) {
      parts.push(`(+${rest} more)`);
      break;
    }
    parts.push(part);
    length += part.length + 2;
  }
  return prefix + parts.join("; ");
}

function truncate(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** Sets `additionalProperties: false` on every object schema that has `properties` and no explicit policy. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (!node || typeof node !== "object") return;
  const obj = node as JsonObject;
  if (obj.type === "object" && obj.properties && typeof obj.properties === "object" && !("additionalProperties" in obj)) {
    obj.additionalProperties = false;
  }
  for (const value of Object.values(obj)) closeObjects(value);
}
