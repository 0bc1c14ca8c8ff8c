import { describe, expect, it } from "vitest";
import {
  type DeadLetter,
  deadLetterMessage,
  MAX_DEAD_LETTER_BYTES,
  PAYLOAD_PREVIEW_CHARS,
} from "../../../../functions/shared/dead-letter.ts";

const letter = (payload: unknown): DeadLetter => ({
  stage: "sink",
  error: "UndecodableRecordError",
  reason: "value is not JSON",
  origin: { topic: "users.processed", partition: 2, offset: 41 },
  payload,
  failedAt: "2026-11-25T18:00:00.000Z",
});

describe("deadLetterMessage", () => {
  it("carries the letter as JSON, keyed, with stage and error headers", () => {
    const message = deadLetterMessage("users.dlq", "k1", letter("{oops"));
    expect(message).toEqual({
      topic: "users.dlq",
      key: "k1",
      value: JSON.stringify(letter("{oops")),
      headers: { stage: "sink", error: "UndecodableRecordError" },
    });
  });

  it("cuts a payload whose letter would not fit one Kafka message, and says so", () => {
    // 700,000 quotes: each is escaped, so the letter would be 1.4 MB.
    const poison = '"'.repeat(700_000);
    const message = deadLetterMessage("users.dlq", "k2", letter(poison));
    expect(Buffer.byteLength(message.value)).toBeLessThan(MAX_DEAD_LETTER_BYTES);
    const parsed = JSON.parse(message.value) as DeadLetter;
    expect(parsed).toEqual({
      ...letter(poison.slice(0, PAYLOAD_PREVIEW_CHARS)),
      payloadTruncated: { originalChars: 700_000 },
    });
  });

  it("keeps even a worst-case preview (every character escaped to \\uXXXX) under 1 MiB", () => {
    const message = deadLetterMessage("users.dlq", "k3", letter({ v: "\u0001".repeat(900_000) }));
    expect(Buffer.byteLength(message.value)).toBeLessThan(1024 * 1024);
    // An object payload is cut as its JSON text: 6 characters per escaped character, plus `{"v":""}`.
    expect((JSON.parse(message.value) as DeadLetter).payloadTruncated).toEqual({ originalChars: 5_400_008 });
  });
});
