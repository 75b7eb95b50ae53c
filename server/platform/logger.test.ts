import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe("createLogger", () => {
  it("writes the runbook's `timestamp` field (ISO 8601) on every line, never pino's `time`", async () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "info", destination });
    logger.info({ requestId: "r-1", endpoint: "/api/health", method: "GET", statusCode: 200, duration: 1.5 }, "request");
    logger.error({ err: new Error("boom") }, "failed");
    logger.child({ component: "x" }).warn("child line");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).not.toHaveProperty("time");
      expect(typeof entry.timestamp).toBe("string");
      expect(new Date(entry.timestamp as string).toISOString()).toBe(entry.timestamp);
      expect(entry.service).toBe("aurora-concierge");
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      requestId: "r-1",
      endpoint: "/api/health",
      statusCode: 200,
      msg: "request",
    });
  });

  it("redacts emails, phones, passwords and credentials as a safety net", async () => {
    const { lines, destination } = capture();
    createLogger({ level: "info", destination }).info({ email: "a@b.example", user: { password: "secret-secret" } }, "x");
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines[0]).not.toContain("a@b.example");
    expect(lines[0]).not.toContain("secret-secret");
  });
});
