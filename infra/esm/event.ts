import { KafkaEventError } from "./errors.ts";

/**
 * Builds the event Lambda sends for a self-managed Apache Kafka event source, in AWS's exact shape, and measures it
 * against the synchronous-invocation payload limit.
 *
 * Shape (https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html, "Example event"): `eventSource` is
 * `"SelfManagedKafka"`, `bootstrapServers` is the comma-joined broker list, `records` maps `"<topic>-<partition>"` to
 * the records of that partition in offset order. `key` and `value` are base64; a null key is left out, and so is a
 * null value (a tombstone): real events omit it (aws-powertools/powertools-lambda-typescript#5016). Header values are
 * arrays of *signed* bytes, as Java's `byte[]` serialises them (aws/aws-lambda-go#506, aws/aws-lambda-dotnet#1476).
 */

/** Lambda's synchronous invocation payload limit (6 MB): a batch closes before its event would exceed it. */
export const MAX_INVOCATION_PAYLOAD_BYTES = 6_291_456;

/** The `eventSource` of every self-managed Apache Kafka event. */
export const SELF_MANAGED_KAFKA_EVENT_SOURCE = "SelfManagedKafka";

export type TimestampType = "CREATE_TIME" | "LOG_APPEND_TIME";

/** A record as a Kafka client hands it over, before it is shaped for Lambda. */
export interface KafkaInputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** Milliseconds since the epoch. */
  readonly timestamp: bigint | number;
  readonly timestampType: TimestampType;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly (readonly [name: string, value: Buffer])[];
}

/** One record of a Lambda Kafka event. */
export interface KafkaEventRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  timestampType: TimestampType;
  key?: string;
  value?: string;
  headers: Record<string, number[]>[];
}

/** The event Lambda passes to a function subscribed to a self-managed Apache Kafka topic. */
export interface SelfManagedKafkaEvent {
  eventSource: typeof SELF_MANAGED_KAFKA_EVENT_SOURCE;
  bootstrapServers: string;
  records: Record<string, KafkaEventRecord[]>;
}

/**
 * The key of a partition's records in `event.records`, also the `partition` of a batch item failure.
 *
 * @example
 * topicPartitionKey("users.raw", 3); // "users.raw-3"
 */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

function safeNumber(value: bigint | number, what: string, record: KafkaInputRecord): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) {
    throw new KafkaEventError(
      `${what} ${value} of ${topicPartitionKey(record.topic, record.partition)} is not a safe integer`,
    );
  }
  return number;
}

function signedBytes(buffer: Buffer): number[] {
  return Array.from(new Int8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
}

/**
 * Shapes one input record as Lambda does.
 *
 * @throws {KafkaEventError} when the offset or timestamp is beyond Number.MAX_SAFE_INTEGER.
 * @example
 * toEventRecord({ topic: "t", partition: 0, offset: 5n, timestamp: 1, timestampType: "CREATE_TIME",
 *   key: null, value: Buffer.from("hi"), headers: [["h", Buffer.from([255])]] });
 * // { topic: "t", partition: 0, offset: 5, timestamp: 1, timestampType: "CREATE_TIME", value: "aGk=",
 * //   headers: [{ h: [-1] }] }
 */
export function toEventRecord(record: KafkaInputRecord): KafkaEventRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: safeNumber(record.offset, "offset", record),
    timestamp: safeNumber(record.timestamp, "timestamp", record),
    timestampType: record.timestampType,
    ...(record.key === null ? {} : { key: record.key.toString("base64") }),
    ...(record.value === null ? {} : { value: record.value.toString("base64") }),
    headers: record.headers.map(([name, value]) => ({ [name]: signedBytes(value) })),
  };
}

/**
 * Builds the whole event for a batch; records are grouped by topic-partition in the order they are given.
 *
 * @example
 * buildKafkaEvent(["127.0.0.1:9092"], records).records["users.raw-0"]?.length;
 */
export function buildKafkaEvent(
  bootstrapServers: readonly string[],
  records: readonly KafkaInputRecord[],
): SelfManagedKafkaEvent {
  const grouped: Record<string, KafkaEventRecord[]> = {};
  for (const record of records) {
    const key = topicPartitionKey(record.topic, record.partition);
    grouped[key] ??= [];
    grouped[key].push(toEventRecord(record));
  }
  return {
    eventSource: SELF_MANAGED_KAFKA_EVENT_SOURCE,
    bootstrapServers: bootstrapServers.join(","),
    records: grouped,
  };
}

const utf8Bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), "utf8");

/**
 * Bytes of the serialized event with no records at all: `{"eventSource":…,"bootstrapServers":…,"records":{}}`.
 *
 * @example
 * emptyEventBytes(["b:9092"]); // 65
 */
export function emptyEventBytes(bootstrapServers: readonly string[]): number {
  return utf8Bytes(buildKafkaEvent(bootstrapServers, []));
}

/**
 * Bytes a partition's entry adds around its records: `"<topic>-<partition>":[` and `]`.
 *
 * @example
 * partitionEntryBytes("t", 0); // 8, for `"t-0":[]`
 */
export function partitionEntryBytes(topic: string, partition: number): number {
  return utf8Bytes(topicPartitionKey(topic, partition)) + 3;
}

/**
 * Bytes of one record as it appears (serialized, UTF-8) in the event, separators excluded.
 *
 * @example
 * recordJsonBytes(record) === Buffer.byteLength(JSON.stringify(toEventRecord(record))); // true
 */
export function recordJsonBytes(record: KafkaInputRecord): number {
  return utf8Bytes(toEventRecord(record));
}

/**
 * Exact size in bytes of `JSON.stringify(buildKafkaEvent(bootstrapServers, records))`, computed from the parts
 * (each record serialized once), so that a batch can be closed before it crosses
 * {@link MAX_INVOCATION_PAYLOAD_BYTES}.
 *
 * @example
 * eventSizeBytes(["b:9092"], records) === Buffer.byteLength(JSON.stringify(buildKafkaEvent(["b:9092"], records)));
 */
export function eventSizeBytes(
  bootstrapServers: readonly string[],
  records: readonly KafkaInputRecord[],
): number {
  const partitions = new Map<string, number>();
  let total = emptyEventBytes(bootstrapServers);
  for (const record of records) {
    const key = topicPartitionKey(record.topic, record.partition);
    const seen = partitions.get(key);
    if (seen === undefined) {
      total += partitionEntryBytes(record.topic, record.partition) + (partitions.size > 0 ? 1 : 0);
    } else {
      total += 1;
    }
    partitions.set(key, (seen ?? 0) + 1);
    total += recordJsonBytes(record);
  }
  return total;
}
