import { topicPartitionKey } from "./event.ts";

/**
 * Reads a handler's response when the mapping has `FunctionResponseTypes: ["ReportBatchItemFailures"]`, and says
 * which offsets to commit. For Kafka the item identifier is an object naming the event's `records` key and the
 * offset: `{ "batchItemFailures": [{ "itemIdentifier": { "partition": "<topic>-<n>", "offset": 42 } }] }`
 * (https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html; the same shape as
 * aws-lambda-rust-runtime's `KafkaItemIdentifier`).
 *
 * As for streams (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html):
 * - success: no response, an empty object, or a null or empty `batchItemFailures` list;
 * - whole-batch failure: any malformed entry (not an object, no `itemIdentifier`, a bad key, a partition or offset
 *   that was not in the batch), a `batchItemFailures` that is not a list, or a response that is not an object;
 * - otherwise, per partition, Lambda resumes from the lowest failed offset: everything before it is committed, it
 *   and everything after it is retried. Partitions without failures are committed entirely.
 * Without ReportBatchItemFailures the response is ignored: a successful invocation is a successful batch.
 */

/** The position of a record of the invoked batch. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** What to do with one partition of a batch. */
export interface PartitionCommit {
  readonly topic: string;
  readonly partition: number;
  /** The offset to commit, Kafka-style: the next record to read. */
  readonly commitOffset: bigint;
  /** Where retrying starts (equal to commitOffset), or null when the whole partition succeeded. */
  readonly retryFromOffset: bigint | null;
}

/** The outcome of a batch whose invocation returned. */
export type BatchOutcome =
  | { readonly kind: "success"; readonly partitions: readonly PartitionCommit[] }
  | { readonly kind: "partial"; readonly partitions: readonly PartitionCommit[] }
  | { readonly kind: "failure"; readonly reason: string };

interface PartitionRange {
  topic: string;
  partition: number;
  offsets: Set<bigint>;
  last: bigint;
}

function rangesOf(records: readonly RecordPosition[]): Map<string, PartitionRange> {
  const ranges = new Map<string, PartitionRange>();
  for (const { topic, partition, offset } of records) {
    const key = topicPartitionKey(topic, partition);
    const range = ranges.get(key) ?? { topic, partition, offsets: new Set<bigint>(), last: offset };
    range.offsets.add(offset);
    if (offset > range.last) range.last = offset;
    ranges.set(key, range);
  }
  return ranges;
}

function commitAll(ranges: Map<string, PartitionRange>): PartitionCommit[] {
  return [...ranges.values()].map(({ topic, partition, last }) => ({
    topic,
    partition,
    commitOffset: last + 1n,
    retryFromOffset: null,
  }));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Interprets an invocation's response for a batch.
 *
 * @example
 * interpretBatchResponse(
 *   { batchItemFailures: [{ itemIdentifier: { partition: "t-0", offset: 11 } }] },
 *   [{ topic: "t", partition: 0, offset: 10n }, { topic: "t", partition: 0, offset: 11n }],
 *   { reportBatchItemFailures: true },
 * );
 * // { kind: "partial", partitions: [{ topic: "t", partition: 0, commitOffset: 11n, retryFromOffset: 11n }] }
 */
export function interpretBatchResponse(
  response: unknown,
  records: readonly RecordPosition[],
  options: { readonly reportBatchItemFailures: boolean },
): BatchOutcome {
  const ranges = rangesOf(records);
  const success = { kind: "success", partitions: commitAll(ranges) } as const;
  if (!options.reportBatchItemFailures || response === null || response === undefined) return success;
  if (!isObject(response)) return { kind: "failure", reason: "the response is not a JSON object" };
  const failures = response.batchItemFailures;
  if (failures === undefined || failures === null) return success;
  if (!Array.isArray(failures)) return { kind: "failure", reason: "batchItemFailures is not a list" };
  if (failures.length === 0) return success;

  const lowestFailed = new Map<string, bigint>();
  for (const [index, failure] of failures.entries()) {
    const identifier = isObject(failure) ? failure.itemIdentifier : undefined;
    if (!isObject(identifier)) {
      return { kind: "failure", reason: `batchItemFailures[${index}] has no itemIdentifier object` };
    }
    const { partition, offset } = identifier;
    if (typeof partition !== "string" || typeof offset !== "number" || !Number.isSafeInteger(offset)) {
      return {
        kind: "failure",
        reason: `batchItemFailures[${index}].itemIdentifier needs a "partition" string ("<topic>-<partition>") and an integer "offset"`,
      };
    }
    const range = ranges.get(partition);
    const failedOffset = BigInt(offset);
    if (!range?.offsets.has(failedOffset)) {
      return {
        kind: "failure",
        reason: `batchItemFailures[${index}] names ${partition} offset ${offset}, which is not in the batch`,
      };
    }
    const lowest = lowestFailed.get(partition);
    if (lowest === undefined || failedOffset < lowest) lowestFailed.set(partition, failedOffset);
  }

  const partitions = [...ranges.entries()].map(([key, { topic, partition, last }]): PartitionCommit => {
    const failedFrom = lowestFailed.get(key);
    return failedFrom === undefined
      ? { topic, partition, commitOffset: last + 1n, retryFromOffset: null }
      : { topic, partition, commitOffset: failedFrom, retryFromOffset: failedFrom };
  });
  return { kind: "partial", partitions };
}
