import { z } from "zod";
import { parseEnv } from "../shared/env.ts";

const count = (max: number) => z.coerce.number().int().min(1).max(max);

/** The ingest function's environment: topics and the defaults of its invoke payload. */
export const ingestEnvSchema = z.object({
  USERS_RAW_TOPIC: z.string().min(1).default("users.raw"),
  DEAD_LETTER_TOPIC: z.string().min(1).default("users.dlq"),
  SOURCE_URL: z.url().default("http://127.0.0.1:3100/api/"),
  INGEST_USERS: count(1_000_000).default(1000),
  INGEST_RESULTS_PER_REQUEST: count(5000).default(500),
  INGEST_MAX_CONCURRENCY: count(64).default(8),
  INGEST_REQUEST_TIMEOUT_MS: count(120_000).default(10_000),
  INGEST_MAX_ATTEMPTS: count(10).default(4),
});

export type IngestEnv = z.infer<typeof ingestEnvSchema>;

export function loadIngestEnv(env: NodeJS.ProcessEnv = process.env): IngestEnv {
  return parseEnv(ingestEnvSchema, env);
}
