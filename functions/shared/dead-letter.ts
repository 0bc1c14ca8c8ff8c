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
  /**
   * Set when `payload` was cut to fit one Kafka message: it then holds the first {@link PAYLOAD_PREVIEW_CHARS}
   * characters of the record as text, and the record itself stays at `origin` for as long as its topic retains it.
   */
  payloadTruncated?: { originalChars: number };
}

/** A dead letter larger than this (JSON, bytes) gets its payload cut: it must fit the broker's 1 MiB messages. */
export const MAX_DEAD_LETTER_BYTES = 512 * 1024;

/** Characters of a cut payload kept; even if every one is JSON-escaped as `\uXXXX`, the letter stays under 1 MiB. */
export const PAYLOAD_PREVIEW_CHARS = 64 * 1024;

/**
 * The Kafka message for a dead letter, keyed by `key` (the user id when known) so replays keep per-user order. A
 * letter too large for one message (an oversized record, or one full of characters JSON escapes) carries a preview
 * of its payload instead, marked `payloadTruncated`: a poison record must never stop the stage that dead-letters it.
 *
 * @example
 * deadLetterMessage("users.dlq", userId, { stage: "sink", error: "InvalidUserError", reason, origin, payload, failedAt });
 */
export function deadLetterMessage(topic: string, key: string, letter: DeadLetter) {
  let value = JSON.stringify(letter);
  if (Buffer.byteLength(value) > MAX_DEAD_LETTER_BYTES) {
    const text = typeof letter.payload === "string" ? letter.payload : JSON.stringify(letter.payload);
    value = JSON.stringify({
      ...letter,
      payload: text.slice(0, PAYLOAD_PREVIEW_CHARS),
      payloadTruncated: { originalChars: text.length },
    } satisfies DeadLetter);
  }
  return { topic, key, value, headers: { stage: letter.stage, error: letter.error } };
}
