import { z } from "zod";
import { InvalidPayloadError } from "../shared/errors.ts";
import { describeIssues } from "../shared/zod-issues.ts";
import type { IngestEnv } from "./config.ts";

function payloadSchema(env: IngestEnv) {
  return z.strictObject({
    /** How many users to fetch in this invocation. */
    users: z.number().int().min(1).max(1_000_000).default(env.INGEST_USERS),
    /** Users per API request (the API's `results`, at most 5000). */
    resultsPerRequest: z.number().int().min(1).max(5000).default(env.INGEST_RESULTS_PER_REQUEST),
    /** At most this many requests in flight. */
    concurrency: z.number().int().min(1).max(64).default(env.INGEST_MAX_CONCURRENCY),
    /** The Random User API base URL, e.g. https://randomuser.me/api/. */
    sourceUrl: z.url({ protocol: /^https?$/ }).default(env.SOURCE_URL),
    /** The API seed; the same seed gives the same users. A fresh one per invocation when absent. */
    seed: z
      .string()
      .regex(/^[\w-]{1,64}$/, "letters, digits, _ and -, at most 64")
      .optional(),
    /** First page to fetch (pages continue from there). */
    firstPage: z.number().int().min(1).default(1),
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(env.INGEST_REQUEST_TIMEOUT_MS),
    maxAttempts: z.number().int().min(1).max(10).default(env.INGEST_MAX_ATTEMPTS),
  });
}

export type IngestPayload = z.infer<ReturnType<typeof payloadSchema>>;

/** An EventBridge scheduled event: the `schedule` trigger without an `input` sends this; it means "use the defaults". */
function isScheduledEvent(event: unknown): boolean {
  return (
    typeof event === "object" && event !== null && (event as { source?: unknown }).source === "aws.events"
  );
}

/**
 * Validates an invoke payload, filling defaults from the environment. An empty payload, `null` and a scheduled
 * event all mean "all defaults".
 *
 * @throws {InvalidPayloadError} naming every offending field, and any unknown key.
 * @example
 * parsePayload({ users: 10000, concurrency: 16 }, env);
 */
export function parsePayload(event: unknown, env: IngestEnv): IngestPayload {
  const input = event === null || event === undefined || event === "" || isScheduledEvent(event) ? {} : event;
  const parsed = payloadSchema(env).safeParse(input);
  if (!parsed.success)
    throw new InvalidPayloadError(`invalid ingest payload: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
