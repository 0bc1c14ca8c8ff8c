import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { endOffsets, readBetween } from "../../../support/kafka.ts";
import {
  brokers,
  capturingLogger,
  decodeValue,
  mappingFor,
  newTopic,
  numbered,
  produce,
  runEngine,
  statusWhen,
  useEngineFixture,
  waitUntil,
} from "./support/harness.ts";

const fx = useEngineFixture();

const provisioned = { provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2 } };
const numbersOf = (records: { value?: string }[]) => records.map((r) => decodeValue(r).n);
const okNumbers = () =>
  numbersOf(fx.lambda.invocations.filter((i) => i.outcome === "ok").flatMap((i) => i.records));

/** Reads every failure record written to a Kafka destination topic. */
async function destinationRecords(topic: string, expected: number): Promise<Record<string, unknown>[]> {
  const empty = new Map([[0, 0n]]);
  let ends = await endOffsets(brokers, topic);
  for (let i = 0; i < 100 && Number(ends.get(0) ?? 0n) < expected; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ends = await endOffsets(brokers, topic);
  }
  const messages = await readBetween(brokers, topic, empty, ends);
  return messages.map((message) => JSON.parse(message.value) as Record<string, unknown>);
}

/** Points the AWS SDK (ours and the engine's) at the stack's moto, as AWS_ENDPOINT_URL does for any SDK client. */
function useMoto(): void {
  const config = loadStackConfig();
  process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${config.moto.port}`;
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID ??= "test";
  process.env.AWS_SECRET_ACCESS_KEY ??= "test";
}

describe("failure handling", () => {
  it("retries a failing batch for ever by default, visibly, without losing or reordering what follows", async () => {
    const topic = await newTopic("forever", 1);
    await produce(topic, numbered(30, 1));
    fx.lambda.handler = () => {
      throw new Error("database down");
    };
    const { log, lines } = capturingLogger();
    const mapping = mappingFor(topic, { batchSize: 10 });
    fx.engine = await runEngine(mapping, fx.lambda, { log });
    await waitUntil(
      "4 retries",
      () => lines.filter((l) => l.message === "batch failed, retrying").length >= 4,
    );

    const retries = lines.filter((l) => l.message === "batch failed, retrying");
    expect(retries.map((l) => [l.level, l.fields.attempt])).toEqual(
      retries.map((_, index) => ["warn", index + 1]),
    );
    expect(retries[0]?.fields).toMatchObject({ mapping: mapping.id, partition: 0, maximumRetryAttempts: -1 });
    expect(String(retries[0]?.fields.reason)).toContain("database down");
    // Only the first batch is ever tried; nothing is committed.
    expect(new Set(fx.lambda.invocations.map((i) => numbersOf(i.records).join(",")))).toEqual(
      new Set(["0,1,2,3,4,5,6,7,8,9"]),
    );
    const failing = await statusWhen(fx.engine, (m) => m.counters.retries >= 4);
    expect(failing.counters.errors).toBeGreaterThanOrEqual(4);
    expect(failing.partitions[0]?.committedOffset).toBeNull();

    fx.lambda.handler = () => ({});
    await waitUntil("recovery", () => okNumbers().length >= 30);
    expect(okNumbers()).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "30");
  });

  it("sends a batch to a Kafka destination after maximumRetryAttempts, and commits past it", async () => {
    const topic = await newTopic("exhaust", 1);
    const failed = await newTopic("exhaust-dlq", 1);
    await produce(topic, numbered(20, 1));
    fx.lambda.handler = (_event, invocation) => {
      if (numbersOf(invocation.records).includes(12)) throw new Error("poison");
      return {};
    };
    const mapping = mappingFor(
      topic,
      { batchSize: 5, onFailureDestination: `kafka://${failed}`, ...provisioned },
      { maximumRetryAttempts: 2 },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    const status = await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "20");

    expect(okNumbers()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19]);
    expect(fx.lambda.invocations.filter((i) => i.outcome === "error")).toHaveLength(3);
    expect(status.counters).toMatchObject({ retries: 2, discarded: 5, sentToDestination: 5 });

    const records = await destinationRecords(failed, 5);
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
      responseContext: { statusCode: 200, functionError: "Unhandled" },
      version: "1.0",
      KafkaBatchInfo: { batchSize: 1, recordInfo: { offset: "10" } },
    });
    const payload = records[0]?.payload as { records: Record<string, { value: string }[]> };
    expect(decodeValue(payload.records[`${topic}-0`]?.[0] ?? {})).toEqual({ n: 10, p: 0 });
  });

  it("sends the failure record to an SQS destination (moto)", async () => {
    useMoto();
    const sqs = new SQSClient({});
    const queueName = `esm-test-${Date.now()}`;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
    const topic = await newTopic("sqs", 1);
    await produce(topic, numbered(3, 1));
    fx.lambda.handler = () => {
      throw new Error("always");
    };
    const mapping = mappingFor(
      topic,
      {
        batchSize: 10,
        onFailureDestination: `arn:aws:sqs:us-east-1:123456789012:${queueName}`,
        ...provisioned,
      },
      { maximumRetryAttempts: 1 },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "3");

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 2 }));
    sqs.destroy();
    expect(received.Messages).toHaveLength(1);
    const record = JSON.parse(received.Messages?.[0]?.Body ?? "{}") as Record<string, unknown>;
    expect(record).toMatchObject({
      requestContext: {
        condition: "RetryAttemptsExhausted",
        approximateInvokeCount: 2,
        functionArn: expect.stringContaining(":function:esm-test-test-fn"),
      },
      KafkaBatchInfo: {
        batchSize: 3,
        recordsInfo: { [`${topic}-0`]: { firstRecordOffset: "0", lastRecordOffset: "2" } },
      },
    });
    expect(record).not.toHaveProperty("payload");
  });

  it("writes the failure record, with the whole event as payload, to an S3 destination (moto)", async () => {
    useMoto();
    const s3 = new S3Client({ forcePathStyle: true });
    const bucket = `esm-test-${Date.now()}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const topic = await newTopic("s3", 1);
    await produce(topic, numbered(2, 1));
    fx.lambda.handler = () => {
      throw new Error("always");
    };
    const mapping = mappingFor(
      topic,
      { batchSize: 10, onFailureDestination: `arn:aws:s3:::${bucket}`, ...provisioned },
      { maximumRetryAttempts: 0 },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "2");

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents).toHaveLength(1);
    const key = listed.Contents?.[0]?.Key ?? "";
    expect(key).toMatch(
      new RegExp(`^aws/lambda/${mapping.uuid}/${topic.replaceAll(".", "\\.")}-0/\\d{4}/\\d{2}/\\d{2}/`),
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const record = JSON.parse((await object.Body?.transformToString()) ?? "{}") as { payload: string };
    s3.destroy();
    expect(record).toMatchObject({
      requestContext: { condition: "RetryAttemptsExhausted", approximateInvokeCount: 1 },
    });
    const event = JSON.parse(record.payload) as { records: Record<string, { value: string }[]> };
    expect(event.records[`${topic}-0`]?.map((r) => decodeValue(r).n)).toEqual([0, 1]);
  });

  it("bisects a failing batch down to the poison record, which alone goes to the destination", async () => {
    const topic = await newTopic("bisect", 1);
    const failed = await newTopic("bisect-dlq", 1);
    await produce(topic, numbered(8, 1));
    fx.lambda.handler = (_event, invocation) => {
      if (numbersOf(invocation.records).includes(3)) throw new Error("poison 3");
      return {};
    };
    const mapping = mappingFor(
      topic,
      { batchSize: 8, maximumBatchingWindow: 2, onFailureDestination: `kafka://${failed}`, ...provisioned },
      { maximumRetryAttempts: 0, bisectBatchOnFunctionError: true },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    const status = await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "8");

    expect(fx.lambda.invocations.map((i) => numbersOf(i.records).join(","))).toEqual([
      "0,1,2,3,4,5,6,7",
      "0,1,2,3",
      "0,1",
      "2,3",
      "2",
      "3",
      "4,5,6,7",
    ]);
    expect(status.counters).toMatchObject({ bisects: 3, discarded: 1, sentToDestination: 1 });
    const records = await destinationRecords(failed, 1);
    expect(
      records.map((r) => (r.KafkaBatchInfo as { recordInfo: { offset: string } }).recordInfo.offset),
    ).toEqual(["3"]);
  });

  it("with ReportBatchItemFailures, commits before the first failed record and retries from it", async () => {
    const topic = await newTopic("partial", 2);
    await produce(topic, numbered(20, 2));
    let failedOnce = false;
    fx.lambda.handler = (event) => {
      const key = `${topic}-1`;
      const poison = event.records[key]?.find((r) => decodeValue(r).n === 7);
      if (poison && !failedOnce) {
        failedOnce = true;
        return { batchItemFailures: [{ itemIdentifier: { partition: key, offset: poison.offset } }] };
      }
      return { batchItemFailures: [] };
    };
    const mapping = mappingFor(
      topic,
      { batchSize: 10, ...provisioned },
      { functionResponseTypes: ["ReportBatchItemFailures"] },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    const status = await statusWhen(fx.engine, (m) => m.partitions.every((p) => p.committedOffset === "10"));

    const partition1 = fx.lambda.invocations.filter((i) => i.records[0]?.partition === 1);
    expect(partition1.map((i) => numbersOf(i.records))).toEqual([
      [1, 3, 5, 7, 9, 11, 13, 15, 17, 19],
      [7, 9, 11, 13, 15, 17, 19],
    ]);
    expect(status.counters).toMatchObject({ partialFailures: 1, retries: 1, records: 20 });
  });
});
