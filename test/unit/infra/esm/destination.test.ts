import { describe, expect, it } from "vitest";
import { destinationObjectSchema, parseDestination } from "../../../../infra/esm/destination.ts";

describe("parseDestination", () => {
  it.each([
    [
      "arn:aws:sqs:us-east-1:123456789012:dlq",
      { type: "sqs", arn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
    ],
    [
      "arn:aws:sns:us-east-1:123456789012:alerts",
      { type: "sns", arn: "arn:aws:sns:us-east-1:123456789012:alerts" },
    ],
    ["arn:aws:s3:::failed-batches", { type: "s3", bucket: "failed-batches" }],
    [
      "arn:aws-cn:sqs:cn-north-1:123456789012:dlq",
      { type: "sqs", arn: "arn:aws-cn:sqs:cn-north-1:123456789012:dlq" },
    ],
    ["kafka://users.failed", { type: "kafka", topic: "users.failed" }],
  ])("reads %s", (text, expected) => {
    expect(parseDestination(text)).toEqual(expected);
  });

  it.each([
    ["", /neither an ARN nor kafka/],
    ["dlq", /neither an ARN nor kafka/],
    ["kafka://", /invalid Kafka topic/],
    ["kafka://bad topic", /invalid Kafka topic/],
    ["arn:aws:sqs:::dlq", /not an SQS ARN/],
    ["arn:aws:s3:us-east-1:123456789012:bucket", /not an S3 bucket ARN/],
    ["arn:aws:s3:::Bad_Bucket", /not an S3 bucket ARN/],
    ["arn:aws:lambda:us-east-1:123456789012:function:f", /SQS queue, SNS topic, S3 bucket or kafka/],
  ])("explains what is wrong with %j", (text, message) => {
    const parsed = parseDestination(text);
    expect(typeof parsed).toBe("string");
    expect(parsed).toMatch(message);
  });
});

describe("destinationObjectSchema", () => {
  it("accepts the structured forms", () => {
    for (const destination of [
      { type: "sqs", arn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
      { type: "sqs", url: "http://127.0.0.1:4566/000000000000/dlq" },
      { type: "sns", arn: "arn:aws:sns:us-east-1:123456789012:t" },
      { type: "s3", bucket: "my-bucket" },
      { type: "kafka", topic: "users.dlq" },
    ]) {
      expect(destinationObjectSchema.parse(destination)).toEqual(destination);
    }
  });

  it("rejects unknown keys, missing targets and S3 prefixes AWS has no notion of", () => {
    expect(destinationObjectSchema.safeParse({ type: "sqs" }).success).toBe(false);
    expect(destinationObjectSchema.safeParse({ type: "s3", bucket: "b-1", prefix: "x/" }).success).toBe(
      false,
    );
    expect(destinationObjectSchema.safeParse({ type: "kafka", topic: ".." }).success).toBe(false);
    expect(
      destinationObjectSchema.safeParse({ type: "sns", arn: "arn:aws:sqs:us-east-1:123456789012:q" }).success,
    ).toBe(false);
  });
});
