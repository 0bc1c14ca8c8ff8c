import { describe, expect, it } from "vitest";
import { DestinationError } from "../../../../infra/esm/errors.ts";
import { createFailureSender, s3ObjectKey } from "../../../../infra/esm/failure-sender.ts";

describe("s3ObjectKey", () => {
  it("follows AWS's aws/lambda/<uuid>/<topic-partition>/YYYY/MM/DD/<time>-<random> layout", () => {
    expect(s3ObjectKey("u-1", "users.raw-0", new Date("2026-01-02T03:04:05.678Z"), "r")).toBe(
      "aws/lambda/u-1/users.raw-0/2026/01/02/2026-01-02T03.04.05-r",
    );
  });
});

describe("createFailureSender", () => {
  it("refuses SNS destinations (no SNS client installed), naming the ARN", () => {
    const arn = "arn:aws:sns:us-east-1:123456789012:failed";
    expect(() =>
      createFailureSender({
        destination: { type: "sns", arn },
        bootstrapServers: ["b:9092"],
        region: "us-east-1",
        mappingUuid: "u",
      }),
    ).toThrow(
      new DestinationError(
        `SNS on-failure destinations (${arn}) need @aws-sdk/client-sns, which is not installed`,
      ),
    );
  });
});
