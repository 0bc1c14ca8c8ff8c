import { type DeadLetter, deadLetterMessage } from "../shared/dead-letter.ts";
import { coordinatesOf, decodeJsonValue, type KafkaEventRecord } from "../shared/kafka-event.ts";
import { describeIssues } from "../shared/zod-issues.ts";
import { countryStatsSchema } from "./country-stats.ts";
import { processedUserSchema } from "./processed-user.ts";
import type { Row } from "./writer.ts";

export interface SinkTopics {
  users: string;
  stats: string;
  deadLetter: string;
}

export interface SinkDependencies {
  topics: SinkTopics;
  /** Writes rows; per row, null or the error that stopped it. */
  write: (rows: Row[]) => Promise<(Error | null)[]>;
  /** Produces dead letters; resolves once the broker has them. */
  sendDeadLetters: (messages: ReturnType<typeof deadLetterMessage>[]) => Promise<void>;
}

/** Lambda's partial batch response for Kafka: the records to retry, by `<topic>-<partition>` and offset. */
export interface KafkaBatchResponse {
  batchItemFailures: { itemIdentifier: { partition: string; offset: number } }[];
}

export interface SinkSummary {
  records: number;
  written: number;
  deadLettered: number;
  failed: number;
}

function toRow(
  record: KafkaEventRecord,
  topics: SinkTopics,
): Row | { reason: string; error: string; payload: unknown } {
  const decoded = decodeJsonValue(record);
  if (!decoded.ok) return { error: "UndecodableRecordError", reason: decoded.reason, payload: decoded.text };
  if (record.topic === topics.users) {
    const user = processedUserSchema.safeParse(decoded.value);
    if (user.success) return { kind: "user", user: user.data };
    return { error: "InvalidUserError", reason: describeIssues(user.error, "value"), payload: decoded.value };
  }
  if (record.topic === topics.stats) {
    const stats = countryStatsSchema.safeParse(decoded.value);
    if (stats.success) return { kind: "stats", stats: stats.data };
    return {
      error: "InvalidStatsError",
      reason: describeIssues(stats.error, "value"),
      payload: decoded.value,
    };
  }
  return {
    error: "UnexpectedTopicError",
    reason: `no table for topic ${record.topic}`,
    payload: decoded.value,
  };
}

/**
 * Stores a batch of Kafka records: valid ones are upserted, invalid ones go to the dead-letter topic with the reason
 * and their coordinates, and rows that could not be written are reported as batch item failures so that the mapping
 * retries them (and what follows them in their partition). Success is never reported for a row not written.
 *
 * @example
 * const { response } = await sink(kafkaRecords(event), dependencies);
 */
export async function sink(
  records: readonly KafkaEventRecord[],
  deps: SinkDependencies,
): Promise<{ response: KafkaBatchResponse; summary: SinkSummary }> {
  const rows: Row[] = [];
  const rowRecords: KafkaEventRecord[] = [];
  const letters: ReturnType<typeof deadLetterMessage>[] = [];
  const failedAt = new Date().toISOString();
  for (const record of records) {
    const row = toRow(record, deps.topics);
    if ("kind" in row) {
      rows.push(row);
      rowRecords.push(record);
      continue;
    }
    const letter: DeadLetter = {
      stage: "sink",
      error: row.error,
      reason: row.reason,
      origin: coordinatesOf(record),
      payload: row.payload,
      failedAt,
    };
    const key =
      record.key === undefined
        ? `${record.topic}-${record.partition}-${record.offset}`
        : Buffer.from(record.key, "base64").toString("utf8");
    letters.push(deadLetterMessage(deps.topics.deadLetter, key, letter));
  }
  if (letters.length > 0) await deps.sendDeadLetters(letters);
  const errors = await deps.write(rows);
  const failures = rowRecords.filter((_, i) => errors[i] !== null);
  return {
    response: {
      batchItemFailures: failures.map((record) => ({
        itemIdentifier: { partition: `${record.topic}-${record.partition}`, offset: record.offset },
      })),
    },
    summary: {
      records: records.length,
      written: rows.length - failures.length,
      deadLettered: letters.length,
      failed: failures.length,
    },
  };
}
