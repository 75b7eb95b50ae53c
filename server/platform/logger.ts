import { pino, type Logger, type DestinationStream } from "pino";

export type { Logger };

/** The runbook's field name for when a line was written: ISO 8601 in UTC (pino would call it `time`). */
export const isoTimestamp = () => `,"timestamp":"${new Date().toISOString()}"`;

/**
 * Structured JSON logs, one object per line with `timestamp` and `level`. Redaction is a safety
 * net; the real rule is that callers never log request bodies, emails, phones or free text.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "aurora-concierge" },
      timestamp: isoTimestamp,
      redact: {
        paths: ["email", "*.email", "phone", "*.phone", "password", "*.password", "authorization", "*.authorization", "cookie", "*.cookie"],
        censor: "[redacted]",
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
