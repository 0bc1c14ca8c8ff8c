import { z } from "zod";
import { InvalidPayloadError } from "./errors.ts";
import { describeIssues } from "./zod-issues.ts";

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "not base64");

/** One record of a Lambda Kafka event (self-managed or MSK); `value` is absent for a tombstone, `key` when null. */
const kafkaEventRecordSchema = z.looseObject({
  topic: z.string().min(1),
  partition: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  timestamp: z.number(),
  timestampType: z.string(),
  key: base64.optional(),
  value: base64.optional(),
  headers: z.array(z.record(z.string(), z.array(z.number().int()))).default([]),
});

/**
 * The envelope of a Lambda Kafka event. Values stay base64 here: each record is decoded on its own, so that one
 * poison record cannot fail the others (Powertools' parser schema decodes eagerly and rejects tombstones).
 */
const kafkaEventSchema = z.looseObject({
  eventSource: z.enum(["SelfManagedKafka", "aws:kafka"]),
  records: z.record(z.string(), z.array(kafkaEventRecordSchema)),
});

export type KafkaEventRecord = z.infer<typeof kafkaEventRecordSchema>;

/**
 * Validates a Lambda Kafka event and returns its records, partition by partition, each in offset order.
 *
 * @throws {InvalidPayloadError} when the event is not a Kafka event.
 * @example
 * for (const record of kafkaRecords(event)) decodeJsonValue(record);
 */
export function kafkaRecords(event: unknown): KafkaEventRecord[] {
  const parsed = kafkaEventSchema.safeParse(event);
  if (!parsed.success)
    throw new InvalidPayloadError(`not a Lambda Kafka event: ${describeIssues(parsed.error)}`);
  return Object.values(parsed.data.records).flatMap((records) =>
    [...records].sort((a, b) => a.offset - b.offset),
  );
}

/** Where a record sits: what a dead letter and a batch item failure name. */
export function coordinatesOf(record: KafkaEventRecord) {
  return { topic: record.topic, partition: record.partition, offset: record.offset };
}

/**
 * A record's value, decoded from base64 and parsed as JSON.
 *
 * @returns `{ ok: true, value }`, or `{ ok: false, reason, text }` with the decoded text (null for a tombstone).
 */
export function decodeJsonValue(
  record: KafkaEventRecord,
): { ok: true; value: unknown } | { ok: false; reason: string; text: string | null } {
  if (record.value === undefined)
    return { ok: false, reason: "tombstone: the record has no value", text: null };
  const text = Buffer.from(record.value, "base64").toString("utf8");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `value is not JSON: ${(error as Error).message}`, text };
  }
}
