import { describe, expect, it } from "vitest";
import { eventPayload, toEngineRecord } from "../../../../infra/esm/engine-record.ts";
import { buildKafkaEvent, type KafkaInputRecord, toEventRecord } from "../../../../infra/esm/event.ts";

const input = (
  partition: number,
  offset: bigint,
  overrides: Partial<KafkaInputRecord> = {},
): KafkaInputRecord => ({
  topic: "users.processed",
  partition,
  offset,
  timestamp: 1_700_000_000_000n,
  timestampType: "CREATE_TIME",
  key: Buffer.from(`k${offset}`),
  value: Buffer.from(JSON.stringify({ offset: Number(offset), text: 'é\u2028"' })),
  headers: [["trace", Buffer.from([0, 255, 128])]],
  ...overrides,
});

describe("toEngineRecord", () => {
  it("serializes a passing record once and measures it in UTF-8 bytes", () => {
    const record = toEngineRecord(input(0, 5n), 3, true);
    expect(record.json).toBe(JSON.stringify(toEventRecord(input(0, 5n))));
    expect(record.bytes).toBe(Buffer.byteLength(record.json ?? "", "utf8"));
    expect(record.leaderEpoch).toBe(3);
  });

  it("does not serialize a filtered record", () => {
    expect(toEngineRecord(input(0, 5n), 0, false)).toMatchObject({ json: null, bytes: 0 });
  });
});

describe("eventPayload", () => {
  it("is byte-identical to JSON.stringify(buildKafkaEvent(...))", () => {
    const inputs = [
      input(0, 1n),
      input(0, 2n, { key: null }),
      input(1, 7n, { value: null, headers: [] }),
      input(0, 3n),
    ];
    const records = inputs.map((record) => toEngineRecord(record, 0, true));
    const servers = ["127.0.0.1:9092", "b2:9092"];
    expect(eventPayload(servers, records)).toBe(JSON.stringify(buildKafkaEvent(servers, inputs)));
  });

  it("serializes records that carry no JSON yet", () => {
    const raw = { ...input(2, 9n), leaderEpoch: 0, json: null, bytes: 0 };
    expect(eventPayload(["b:1"], [raw])).toBe(JSON.stringify(buildKafkaEvent(["b:1"], [input(2, 9n)])));
  });
});
