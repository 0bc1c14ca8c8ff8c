import { describe, expect, it } from "vitest";
import { interpretBatchResponse, type RecordPosition } from "../../../../infra/esm/partial-failure.ts";

const batch: RecordPosition[] = [
  { topic: "users.raw", partition: 0, offset: 10n },
  { topic: "users.raw", partition: 0, offset: 11n },
  { topic: "users.raw", partition: 0, offset: 12n },
  { topic: "users.raw", partition: 3, offset: 7n },
  { topic: "users.raw", partition: 3, offset: 8n },
];
const on = { reportBatchItemFailures: true };
const failure = (partition: unknown, offset: unknown) => ({ itemIdentifier: { partition, offset } });

const allCommitted = [
  { topic: "users.raw", partition: 0, commitOffset: 13n, retryFromOffset: null },
  { topic: "users.raw", partition: 3, commitOffset: 9n, retryFromOffset: null },
];

describe("interpretBatchResponse", () => {
  it.each([
    ["no response (undefined)", undefined],
    ["a null response", null],
    ["an empty object", {}],
    ["a null batchItemFailures", { batchItemFailures: null }],
    ["an empty batchItemFailures", { batchItemFailures: [] }],
    ["an object without batchItemFailures", { statusCode: 200 }],
  ])("treats %s as complete success, committing every partition past its last record", (_name, response) => {
    expect(interpretBatchResponse(response, batch, on)).toEqual({
      kind: "success",
      partitions: allCommitted,
    });
  });

  it("ignores the response entirely without ReportBatchItemFailures", () => {
    const response = { batchItemFailures: [failure("users.raw-0", 10)] };
    expect(interpretBatchResponse(response, batch, { reportBatchItemFailures: false })).toEqual({
      kind: "success",
      partitions: allCommitted,
    });
    expect(interpretBatchResponse("garbage", batch, { reportBatchItemFailures: false }).kind).toBe("success");
  });

  it("commits each failing partition up to its lowest failed offset and retries from there", () => {
    const response = { batchItemFailures: [failure("users.raw-0", 12), failure("users.raw-0", 11)] };
    expect(interpretBatchResponse(response, batch, on)).toEqual({
      kind: "partial",
      partitions: [
        { topic: "users.raw", partition: 0, commitOffset: 11n, retryFromOffset: 11n },
        { topic: "users.raw", partition: 3, commitOffset: 9n, retryFromOffset: null },
      ],
    });
  });

  it("handles failures in several partitions independently", () => {
    const response = { batchItemFailures: [failure("users.raw-3", 7), failure("users.raw-0", 12)] };
    expect(interpretBatchResponse(response, batch, on)).toEqual({
      kind: "partial",
      partitions: [
        { topic: "users.raw", partition: 0, commitOffset: 12n, retryFromOffset: 12n },
        { topic: "users.raw", partition: 3, commitOffset: 7n, retryFromOffset: 7n },
      ],
    });
  });

  it("ignores extra keys next to the identifier", () => {
    const response = {
      batchItemFailures: [{ itemIdentifier: { partition: "users.raw-3", offset: 8, note: 1 } }],
    };
    expect(interpretBatchResponse(response, batch, on).kind).toBe("partial");
  });

  it.each([
    ["a string response", "ok", /not a JSON object/],
    ["an array response", [], /not a JSON object/],
    ["batchItemFailures not a list", { batchItemFailures: {} }, /not a list/],
    ["a null entry", { batchItemFailures: [null] }, /\[0\] has no itemIdentifier/],
    [
      "a null itemIdentifier",
      { batchItemFailures: [{ itemIdentifier: null }] },
      /\[0\] has no itemIdentifier/,
    ],
    [
      "an empty-string itemIdentifier",
      { batchItemFailures: [{ itemIdentifier: "" }] },
      /has no itemIdentifier/,
    ],
    [
      "the SQS/Kinesis string form",
      { batchItemFailures: [{ itemIdentifier: "users.raw-0-10" }] },
      /has no itemIdentifier object/,
    ],
    [
      "a bad key name",
      { batchItemFailures: [{ itemIdentifer: failure("users.raw-0", 10).itemIdentifier }] },
      /has no/,
    ],
    ["a numeric partition", { batchItemFailures: [failure(0, 10)] }, /"partition" string/],
    ["a string offset", { batchItemFailures: [failure("users.raw-0", "10")] }, /integer "offset"/],
    ["a fractional offset", { batchItemFailures: [failure("users.raw-0", 10.5)] }, /integer "offset"/],
    [
      "an unknown partition",
      { batchItemFailures: [failure("users.raw-1", 10)] },
      /users.raw-1 offset 10.*not in/,
    ],
    ["an offset outside the batch", { batchItemFailures: [failure("users.raw-0", 13)] }, /offset 13.*not in/],
    [
      "one bad entry among good ones",
      { batchItemFailures: [failure("users.raw-0", 11), { itemIdentifier: {} }] },
      /\[1\]\.itemIdentifier/,
    ],
  ])("treats %s as a whole-batch failure", (_name, response, reason) => {
    const outcome = interpretBatchResponse(response, batch, on);
    expect(outcome.kind).toBe("failure");
    expect(outcome.kind === "failure" ? outcome.reason : "").toMatch(reason);
  });

  it("keys partitions by the event's records key, even for topics containing hyphens", () => {
    const records = [{ topic: "a-1", partition: 2, offset: 0n }];
    const outcome = interpretBatchResponse({ batchItemFailures: [failure("a-1-2", 0)] }, records, on);
    expect(outcome).toEqual({
      kind: "partial",
      partitions: [{ topic: "a-1", partition: 2, commitOffset: 0n, retryFromOffset: 0n }],
    });
  });
});
