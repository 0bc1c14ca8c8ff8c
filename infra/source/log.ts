/** A structured logger: one JSON object per line. */
export type Log = (level: "info" | "error", message: string, fields?: Record<string, unknown>) => void;

function errorFields(error: unknown): unknown {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error;
}

/**
 * Writes `{"time":…,"level":…,"msg":…,…fields}` lines to stdout; an `error` field that holds an Error is written
 * with its name, message and stack.
 *
 * @example
 * jsonLog("info", "listening", { port: 3100, host: "127.0.0.1" });
 */
export const jsonLog: Log = (level, message, fields = {}) => {
  const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message, ...fields };
  if ("error" in fields) line.error = errorFields(fields.error);
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

/**
 * Drops everything, for tests.
 *
 * @example
 * createSourceServer({ log: silentLog });
 */
export const silentLog: Log = () => {};
