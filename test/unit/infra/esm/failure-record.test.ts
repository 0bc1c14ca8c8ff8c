import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildKafkaEvent, type KafkaInputRecord } from "../../../../infra/esm/event.ts";
import {
  buildFailureRecord,
  buildKafkaDestinationMessages,
  type FailureContext,
} from "../../../../infra/esm/failure-record.ts";

// The examples of https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html (SQS/SNS and S3) and
// https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure-destination.html (Kafka), comments and the
// `"A" | "B"` alternatives resolved, trailing commas removed.
const load = (name: string) => JSON.parse(readFileSync(`test/fixtures/esm/${name}`, "utf8"));
const sqsFixture = load("aws-kafka-failure-record-sqs-sns.json");
const s3Fixture = load("aws-kafka-failure-record-s3.json");
const kafkaFixture = load("aws-kafka-failure-record-kafka.json");

function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shapeOf(child)]));
  }
  return typeof value;
}

const record = (partition: number, offset: bigint, timestamp: number): KafkaInputRecord => ({
  topic: "users.raw",
  partition,
  offset,
  timestamp,
  timestampType: "CREATE_TIME",
  key: Buffer.from("k"),
  value: Buffer.from('{"id":1}'),
  headers: [],
});

const batch = [
  record(0, 15n, Date.parse("2019-11-14T00:38:04.835Z")),
  record(0, 16n, Date.parse("2019-11-14T00:38:05.000Z")),
  record(1, 3n, Date.parse("2019-11-14T00:38:04.900Z")),
  record(0, 17n, Date.parse("2019-11-14T00:38:05.580Z")),
];

const context: FailureContext = {
  requestId: "316aa6d0-8154-xmpl-9af7-85d5f4a6bc81",
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:myfunction",
  condition: "RetryAttemptsExhausted",
  approximateInvokeCount: 1,
  responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
  timestampMs: Date.parse("2019-11-14T00:38:06.021Z"),
  bootstrapServers: ["127.0.0.1:9092"],
};
const msk = { ...context, eventSourceArn: sqsFixture.KafkaBatchInfo.eventSourceArn };

describe("buildFailureRecord (SQS and SNS)", () => {
  it("has the structure and types of AWS's example", () => {
    const built = buildFailureRecord(msk, batch, "sqs");
    const { recordsInfo, ...batchInfo } = built.KafkaBatchInfo;
    const { recordsInfo: fixtureRecordsInfo, ...fixtureBatchInfo } = sqsFixture.KafkaBatchInfo;
    expect(Object.keys(built)).toEqual(Object.keys(sqsFixture));
    expect(shapeOf({ ...built, KafkaBatchInfo: batchInfo })).toEqual(
      shapeOf({ ...sqsFixture, KafkaBatchInfo: fixtureBatchInfo }),
    );
    expect(Object.keys(batchInfo)).toEqual(Object.keys(fixtureBatchInfo));
    for (const info of Object.values(recordsInfo)) {
      expect(shapeOf(info)).toEqual(shapeOf(fixtureRecordsInfo["Topic-0"]));
      expect(Object.keys(info)).toEqual(Object.keys(fixtureRecordsInfo["Topic-0"]));
    }
  });

  it("fills in the failure's metadata", () => {
    const built = buildFailureRecord(context, batch, "sns");
    expect(built.requestContext).toEqual(sqsFixture.requestContext);
    expect(built.responseContext).toEqual(sqsFixture.responseContext);
    expect(built.version).toBe("1.0");
    expect(built.timestamp).toBe("2019-11-14T00:38:06.021Z");
    expect(built).not.toHaveProperty("payload");
  });

  it("summarises each partition by its first and last record, offsets as strings", () => {
    const info = buildFailureRecord(context, batch, "sqs").KafkaBatchInfo;
    expect(info.batchSize).toBe(4);
    expect(info.bootstrapServers).toBe("127.0.0.1:9092");
    expect(info.recordsInfo).toEqual({
      "users.raw-0": {
        firstRecordOffset: "15",
        lastRecordOffset: "17",
        firstRecordTimestamp: "2019-11-14T00:38:04.835Z",
        lastRecordTimestamp: "2019-11-14T00:38:05.580Z",
      },
      "users.raw-1": {
        firstRecordOffset: "3",
        lastRecordOffset: "3",
        firstRecordTimestamp: "2019-11-14T00:38:04.900Z",
        lastRecordTimestamp: "2019-11-14T00:38:04.900Z",
      },
    });
  });

  it("reports the invocation payload's size in bytes", () => {
    const info = buildFailureRecord(context, batch, "sqs").KafkaBatchInfo;
    expect(info.payloadSize).toBe(
      Buffer.byteLength(JSON.stringify(buildKafkaEvent(["127.0.0.1:9092"], batch))),
    );
  });

  it("leaves eventSourceArn out for a self-managed cluster", () => {
    expect(buildFailureRecord(context, batch, "sqs").KafkaBatchInfo).not.toHaveProperty("eventSourceArn");
  });

  it("has a null responseContext when the function was never invoked", () => {
    const built = buildFailureRecord(
      { ...context, condition: "MaximumPayloadSizeExceeded", responseContext: null },
      batch,
      "sqs",
    );
    expect(built.responseContext).toBeNull();
    expect(built.requestContext.condition).toBe("MaximumPayloadSizeExceeded");
  });

  it("omits functionError when the invocation itself failed", () => {
    const built = buildFailureRecord(
      { ...context, responseContext: { statusCode: 429, executedVersion: "$LATEST" } },
      batch,
      "sqs",
    );
    expect(built.responseContext).toEqual({ statusCode: 429, executedVersion: "$LATEST" });
  });
});

describe("buildFailureRecord (S3)", () => {
  it("has the structure of AWS's example, the whole event as an escaped JSON string in payload", () => {
    const built = buildFailureRecord(msk, batch, "s3");
    expect(Object.keys(built)).toEqual(Object.keys(s3Fixture));
    expect(typeof built.payload).toBe("string");
    expect(JSON.parse(built.payload as string)).toEqual(buildKafkaEvent(["127.0.0.1:9092"], batch));
  });
});

describe("buildKafkaDestinationMessages", () => {
  it("writes one message per failed record, keyed by the record's key", () => {
    const messages = buildKafkaDestinationMessages(context, batch);
    expect(messages).toHaveLength(4);
    expect(messages.map((m) => m.key?.toString())).toEqual(["k", "k", "k", "k"]);
    expect(buildKafkaDestinationMessages(context, [{ ...record(0, 1n, 0), key: null }])[0]?.key).toBeNull();
  });

  it("has the structure and types of AWS's example", () => {
    const [message] = buildKafkaDestinationMessages(msk, [batch[0] as KafkaInputRecord]);
    const value = message?.value;
    expect(Object.keys(value ?? {})).toEqual(Object.keys(kafkaFixture));
    const { payload, ...metadata } = value ?? ({} as never);
    const { payload: fixturePayload, ...fixtureMetadata } = kafkaFixture;
    expect(shapeOf(metadata)).toEqual(shapeOf(fixtureMetadata));
    expect(Object.keys(metadata.KafkaBatchInfo)).toEqual(Object.keys(fixtureMetadata.KafkaBatchInfo));
    // The sample's payload is an MSK event; ours is a self-managed one, with the same record shape.
    expect(shapeOf(payload.records["users.raw-0"])).toEqual(shapeOf(fixturePayload.records["my-topic-0"]));
  });

  it("describes the single record and carries an event of it", () => {
    const [message] = buildKafkaDestinationMessages(context, [batch[1] as KafkaInputRecord]);
    const info = message?.value.KafkaBatchInfo;
    expect(info?.batchSize).toBe(1);
    expect(info?.recordInfo).toEqual({ offset: "16", timestamp: "2019-11-14T00:38:05.000Z" });
    expect(message?.value.payload).toEqual(
      buildKafkaEvent(["127.0.0.1:9092"], [batch[1] as KafkaInputRecord]),
    );
    expect(info?.payloadSize).toBe(Buffer.byteLength(JSON.stringify(message?.value.payload)));
  });
});
