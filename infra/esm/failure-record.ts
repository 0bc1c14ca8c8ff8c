import {
  buildKafkaEvent,
  eventSizeBytes,
  type KafkaInputRecord,
  type SelfManagedKafkaEvent,
  topicPartitionKey,
} from "./event.ts";

/**
 * The invocation records Lambda sends to a Kafka mapping's on-failure destination, in AWS's shapes:
 *
 * - SQS and SNS get the metadata record: `requestContext`, `responseContext`, `version`, `timestamp` and
 *   `KafkaBatchInfo` with per-partition `recordsInfo` (first/last offsets as strings, first/last timestamps as ISO);
 * - S3 gets the same plus `payload`, the whole invocation event as an escaped JSON string
 *   (both: https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html, "SNS and SQS example invocation
 *   record" and "S3 destination example invocation record");
 * - a Kafka topic (`kafka://<topic>`) gets one message per failed record, keyed by the record's own key, whose value
 *   is the metadata with a singular `recordInfo` and `payload` as a JSON object holding an event of that one record
 *   (https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure-destination.html).
 *
 * `responseContext` is null when the function was never invoked (`MaximumPayloadSizeExceeded`). `eventSourceArn`
 * appears in AWS's (MSK) samples; a self-managed cluster has no ARN, so it is left out unless given.
 */

/** Why a batch reached the destination. `RecordAgeExceeded` is our name for discards by maximum record age. */
export type FailureCondition = "RetryAttemptsExhausted" | "RecordAgeExceeded" | "MaximumPayloadSizeExceeded";

/** The failed invocation's response metadata. */
export interface FailureResponseContext {
  readonly statusCode: number;
  readonly executedVersion: string;
  /** `"Unhandled"` for an error the function threw or a timeout; absent when the invocation itself failed. */
  readonly functionError?: string;
}

/** Everything about the failure besides the records themselves. */
export interface FailureContext {
  readonly requestId: string;
  readonly functionArn: string;
  readonly condition: FailureCondition;
  readonly approximateInvokeCount: number;
  /** Null when the function was not invoked (MaximumPayloadSizeExceeded). */
  readonly responseContext: FailureResponseContext | null;
  /** When the record is written. */
  readonly timestampMs: number;
  readonly bootstrapServers: readonly string[];
  readonly eventSourceArn?: string;
}

/** First and last record of one partition of a failed batch. */
export interface PartitionRecordsInfo {
  firstRecordOffset: string;
  lastRecordOffset: string;
  firstRecordTimestamp: string;
  lastRecordTimestamp: string;
}

interface FailureRecordBase {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string } | null;
  version: "1.0";
  timestamp: string;
}

/** The record SQS and SNS destinations receive (S3 adds `payload`). */
export interface FailureRecord extends FailureRecordBase {
  KafkaBatchInfo: {
    batchSize: number;
    eventSourceArn?: string;
    bootstrapServers: string;
    payloadSize: number;
    recordsInfo: Record<string, PartitionRecordsInfo>;
  };
  payload?: string;
}

/** The value of one message written to a Kafka on-failure destination. */
export interface KafkaDestinationRecord extends FailureRecordBase {
  KafkaBatchInfo: {
    batchSize: 1;
    eventSourceArn?: string;
    bootstrapServers: string;
    payloadSize: number;
    recordInfo: { offset: string; timestamp: string };
  };
  payload: SelfManagedKafkaEvent;
}

/** A message for a Kafka on-failure destination: the failed record's key, and the failure record as its value. */
export interface KafkaDestinationMessage {
  readonly key: Buffer | null;
  readonly value: KafkaDestinationRecord;
}

const isoTime = (timestamp: bigint | number): string => new Date(Number(timestamp)).toISOString();

function base(context: FailureContext): FailureRecordBase {
  const response = context.responseContext;
  return {
    requestContext: {
      requestId: context.requestId,
      functionArn: context.functionArn,
      condition: context.condition,
      approximateInvokeCount: context.approximateInvokeCount,
    },
    responseContext:
      response === null
        ? null
        : {
            statusCode: response.statusCode,
            executedVersion: response.executedVersion,
            ...(response.functionError === undefined ? {} : { functionError: response.functionError }),
          },
    version: "1.0",
    timestamp: isoTime(context.timestampMs),
  };
}

function recordsInfo(records: readonly KafkaInputRecord[]): Record<string, PartitionRecordsInfo> {
  const info: Record<string, PartitionRecordsInfo> = {};
  for (const record of records) {
    const key = topicPartitionKey(record.topic, record.partition);
    const existing = info[key];
    if (existing === undefined) {
      info[key] = {
        firstRecordOffset: String(record.offset),
        lastRecordOffset: String(record.offset),
        firstRecordTimestamp: isoTime(record.timestamp),
        lastRecordTimestamp: isoTime(record.timestamp),
      };
    } else {
      existing.lastRecordOffset = String(record.offset);
      existing.lastRecordTimestamp = isoTime(record.timestamp);
    }
  }
  return info;
}

const arn = (context: FailureContext) =>
  context.eventSourceArn === undefined ? {} : { eventSourceArn: context.eventSourceArn };

/**
 * The invocation record for an SQS, SNS or S3 destination; for S3 it carries the whole event as `payload`.
 * Records are the failed batch, in batch order.
 *
 * @example
 * const record = buildFailureRecord(context, batch, "sqs");
 * record.KafkaBatchInfo.recordsInfo["users.raw-0"]?.firstRecordOffset; // "42"
 */
export function buildFailureRecord(
  context: FailureContext,
  records: readonly KafkaInputRecord[],
  destination: "sqs" | "sns" | "s3",
): FailureRecord {
  const failure: FailureRecord = {
    ...base(context),
    KafkaBatchInfo: {
      batchSize: records.length,
      ...arn(context),
      bootstrapServers: context.bootstrapServers.join(","),
      payloadSize: eventSizeBytes(context.bootstrapServers, records),
      recordsInfo: recordsInfo(records),
    },
  };
  if (destination === "s3")
    failure.payload = JSON.stringify(buildKafkaEvent(context.bootstrapServers, records));
  return failure;
}

/**
 * The messages for a Kafka (`kafka://<topic>`) destination: one per failed record, in batch order.
 *
 * @example
 * const [message] = buildKafkaDestinationMessages(context, [record]);
 * message?.value.KafkaBatchInfo.recordInfo.offset; // "42"
 */
export function buildKafkaDestinationMessages(
  context: FailureContext,
  records: readonly KafkaInputRecord[],
): KafkaDestinationMessage[] {
  return records.map((record) => ({
    key: record.key,
    value: {
      ...base(context),
      KafkaBatchInfo: {
        batchSize: 1,
        ...arn(context),
        bootstrapServers: context.bootstrapServers.join(","),
        payloadSize: eventSizeBytes(context.bootstrapServers, [record]),
        recordInfo: { offset: String(record.offset), timestamp: isoTime(record.timestamp) },
      },
      payload: buildKafkaEvent(context.bootstrapServers, [record]),
    },
  }));
}
