import { z } from "zod";
import { parseEnv } from "../shared/env.ts";

/** The sink function's environment. */
export const sinkEnvSchema = z.object({
  USERS_PROCESSED_TOPIC: z.string().min(1).default("users.processed"),
  USERS_STATS_TOPIC: z.string().min(1).default("users.stats"),
  DEAD_LETTER_TOPIC: z.string().min(1).default("users.dlq"),
  /** Cassandra requests in flight per invocation. */
  SINK_WRITE_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
});

export type SinkEnv = z.infer<typeof sinkEnvSchema>;

export function loadSinkEnv(env: NodeJS.ProcessEnv = process.env): SinkEnv {
  return parseEnv(sinkEnvSchema, env);
}
