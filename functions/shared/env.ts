import { z } from "zod";
import { ConfigurationError } from "./errors.ts";
import { describeIssues } from "./zod-issues.ts";

/**
 * Parses `process.env` (or another environment) with a schema once, at the edge.
 *
 * @throws {ConfigurationError} naming every variable that is missing or invalid.
 * @example
 * const env = parseEnv(z.object({ KAFKA_BOOTSTRAP_SERVERS: z.string() }));
 */
export function parseEnv<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(`invalid environment: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** A comma-separated `host:port` list, e.g. `KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092,broker2:9092`. */
export const hostPortList = z
  .string()
  .transform((value) => value.split(",").map((entry) => entry.trim()))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "expected host:port")).min(1));
