/** Which stage gave up on a record. */
export type DeadLetterStage = "ingest" | "spark" | "sink";

/**
 * A record the pipeline could not process, as written to the dead-letter topic: what failed, why, where the record
 * came from, and the record itself (as received, so that it can be replayed).
 */
export interface DeadLetter {
  stage: DeadLetterStage;
  /** Stable error name, e.g. `InvalidUserError`. */
  error: string;
  /** Human-readable reason naming the offending fields. */
  reason: string;
  /** Where the record came from (request coordinates, or topic/partition/offset). */
  origin: Record<string, string | number | null>;
  /** The record as received, or null when nothing was received (a request that failed for good). */
  payload: unknown;
  failedAt: string;
}

/** The Kafka message for a dead letter, keyed by `key` (the user id when known) so replays keep per-user order. */
export function deadLetterMessage(topic: string, key: string, letter: DeadLetter) {
  return { topic, key, value: JSON.stringify(letter), headers: { stage: letter.stage, error: letter.error } };
}
