/**
 * Structured JSON log lines for the engine's control path (start, stop, retries, status). The hot path (per record,
 * per batch) never logs: it publishes on `node:diagnostics_channel` (see diagnostics.ts).
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Writes one structured log line; `fields` are merged into the JSON object. */
export type EsmLogger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** JSON.stringify replacer: bigints as strings, errors as `{ name, message, cause }`. */
function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value.cause === undefined ? {} : { cause: value.cause }),
    };
  }
  return value;
}

/**
 * Formats one log line: `{"time":…,"level":…,"component":"esm","message":…,…fields}`.
 *
 * @example
 * formatLogLine("warn", "retrying", { attempt: 2 }, new Date(0));
 * // '{"time":"1970-01-01T00:00:00.000Z","level":"warn","component":"esm","message":"retrying","attempt":2}'
 */
export function formatLogLine(
  level: LogLevel,
  message: string,
  fields: Record<string, unknown> = {},
  now: Date = new Date(),
): string {
  return JSON.stringify({ time: now.toISOString(), level, component: "esm", message, ...fields }, replacer);
}

/**
 * A logger writing JSON lines to a stream (stderr by default), dropping levels below `minLevel`.
 *
 * @example
 * const log = jsonLogger({ minLevel: "info" });
 * log("info", "mapping started", { mapping: "sink/users.processed" });
 */
export function jsonLogger(options: { stream?: NodeJS.WritableStream; minLevel?: LogLevel } = {}): EsmLogger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const stream = options.stream ?? process.stderr;
  const min = order[options.minLevel ?? "info"];
  return (level, message, fields) => {
    if (order[level] >= min) stream.write(`${formatLogLine(level, message, fields)}\n`);
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: EsmLogger = () => {};
