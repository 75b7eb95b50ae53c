import { pino, type Logger, type DestinationStream } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Redaction is a safety net; the real rule is that callers never log
 * request bodies, emails, phones or free text.
 */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "aurora-concierge" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ["email", "*.email", "phone", "*.phone", "password", "*.password", "authorization", "*.authorization", "cookie", "*.cookie"],
        censor: "[redacted]",
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}
