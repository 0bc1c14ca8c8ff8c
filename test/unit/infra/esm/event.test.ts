import { readFileSync } from "node:fs";
import { KafkaSelfManagedEventSchema } from "@aws-lambda-powertools/parser/schemas/kafka";
import { describe, expect, it } from "vitest";
import { KafkaEventError } from "../../../../infra/esm/errors.ts";
import {
  buildKafkaEvent,
  emptyEventBytes,
  eventSizeBytes,
  type KafkaInputRecord,
  MAX_INVOCATION_PAYLOAD_BYTES,
  partitionEntryBytes,
  recordJsonBytes,
  toEventRecord,
  topicPartitionKey,
} from "../../../../infra/esm/event.ts";

// AWS's documented sample event (https://docs.aws.amazon.com/lambda/latest/dg/with-kafka.html), with the key of the
// Powertools rendition of the same sample so that it is canonical base64.
const fixture = JSON.parse(readFileSync("test/fixtures/esm/aws-self-managed-kafka-event.json", "utf8"));
const bootstrapServers = fixture.bootstrapServers.split(",");

function input(overrides: Partial<KafkaInputRecord> = {}): KafkaInputRecord {
  return {
    topic: "mytopic",
    partition: 0,
    offset: 15n,
    timestamp: 1545084650987n,
    timestampType: "CREATE_TIME",
    key: Buffer.from("recordKey"),
    value: Buffer.from("Hello, this is a test."),
    headers: [["headerKey", Buffer.from("headerValue")]],
    ...overrides,
  };
}

function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shapeOf(child)]));
  }
  return typeof value;
}

describe("buildKafkaEvent", () => {
  it("reproduces AWS's documented sample event field by field", () => {
    const event = buildKafkaEvent(bootstrapServers, [input()]);
    expect(event).toEqual(fixture);
    expect(shapeOf(event)).toEqual(shapeOf(fixture));
    const record = event.records["mytopic-0"]?.[0];
    expect(Object.keys(record ?? {})).toEqual(Object.keys(fixture.records["mytopic-0"][0]));
    expect(Object.keys(event)).toEqual(Object.keys(fixture));
  });

  it("emits events that Powertools' KafkaSelfManagedEventSchema accepts", () => {
    const event = buildKafkaEvent(bootstrapServers, [
      input(),
      input({ offset: 16n, key: null, headers: [] }),
      input({ partition: 3, offset: 0n, timestampType: "LOG_APPEND_TIME", timestamp: 1 }),
    ]);
    const parsed = KafkaSelfManagedEventSchema.parse(event);
    expect(parsed.bootstrapServers).toEqual(bootstrapServers);
    expect(parsed.records["mytopic-0"]?.[0]?.value).toBe("Hello, this is a test.");
    expect(parsed.records["mytopic-0"]?.[0]?.headers).toEqual([{ headerKey: "headerValue" }]);
    expect(parsed.records["mytopic-0"]?.[1]?.key).toBeUndefined();
  });

  it("groups records by topic-partition, keeping their order", () => {
    const event = buildKafkaEvent(
      ["a:1"],
      [input({ offset: 1n }), input({ topic: "other", offset: 7n }), input({ offset: 2n })],
    );
    expect(Object.keys(event.records)).toEqual(["mytopic-0", "other-0"]);
    expect(event.records["mytopic-0"]?.map((r) => r.offset)).toEqual([1, 2]);
    expect(event.bootstrapServers).toBe("a:1");
  });

  it("yields an empty records map for no records", () => {
    expect(buildKafkaEvent(["a:1", "b:2"], [])).toEqual({
      eventSource: "SelfManagedKafka",
      bootstrapServers: "a:1,b:2",
      records: {},
    });
  });
});

describe("toEventRecord", () => {
  it("leaves out a null key and a null value (tombstone)", () => {
    const record = toEventRecord(input({ key: null, value: null }));
    expect(record).not.toHaveProperty("key");
    expect(record).not.toHaveProperty("value");
  });

  it("keeps empty (non-null) keys and values as empty base64 strings", () => {
    const record = toEventRecord(input({ key: Buffer.alloc(0), value: Buffer.alloc(0) }));
    expect(record.key).toBe("");
    expect(record.value).toBe("");
  });

  it("encodes header values as signed bytes, like Java's byte[]", () => {
    const record = toEventRecord(input({ headers: [["bin", Buffer.from([0, 127, 128, 255])]] }));
    expect(record.headers).toEqual([{ bin: [0, 127, -128, -1] }]);
  });

  it("keeps repeated header names as separate entries, in order", () => {
    const record = toEventRecord(
      input({
        headers: [
          ["h", Buffer.from("a")],
          ["h", Buffer.from("b")],
        ],
      }),
    );
    expect(record.headers).toEqual([{ h: [97] }, { h: [98] }]);
  });

  it("reads header bytes of a Buffer that is a slice of a larger one", () => {
    const pool = Buffer.from("xxABCxx");
    const record = toEventRecord(input({ headers: [["h", pool.subarray(2, 5)]] }));
    expect(record.headers).toEqual([{ h: [65, 66, 67] }]);
  });

  it("accepts number timestamps and converts bigint offsets", () => {
    const record = toEventRecord(input({ timestamp: 42, offset: 9_007_199_254_740_991n }));
    expect(record.timestamp).toBe(42);
    expect(record.offset).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses offsets beyond Number.MAX_SAFE_INTEGER rather than round them", () => {
    expect(() => toEventRecord(input({ offset: 9_007_199_254_740_993n }))).toThrow(KafkaEventError);
    expect(() => toEventRecord(input({ offset: 9_007_199_254_740_993n }))).toThrow(/mytopic-0/);
  });
});

describe("payload size", () => {
  const serialized = (servers: string[], records: KafkaInputRecord[]) =>
    Buffer.byteLength(JSON.stringify(buildKafkaEvent(servers, records)), "utf8");

  it("is AWS's 6 MB synchronous invocation limit", () => {
    expect(MAX_INVOCATION_PAYLOAD_BYTES).toBe(6 * 1024 * 1024);
  });

  it.each([
    ["no records", []],
    ["one record", [input()]],
    [
      "several records of one partition",
      [input(), input({ offset: 16n }), input({ offset: 17n, key: null })],
    ],
    [
      "records of several partitions",
      [input(), input({ partition: 1 }), input({ topic: "été", offset: 3n }), input({ offset: 16n })],
    ],
    ["multi-byte UTF-8 in names", [input({ topic: "données", headers: [["clé", Buffer.from("☃")]] })]],
  ])("matches the serialized event exactly: %s", (_name, records) => {
    expect(eventSizeBytes(bootstrapServers, records)).toBe(serialized(bootstrapServers, records));
  });

  it("is the sum of its parts for one partition", () => {
    const records = [input(), input({ offset: 16n })];
    const [first, second] = records as [KafkaInputRecord, KafkaInputRecord];
    expect(eventSizeBytes(["a:1"], records)).toBe(
      emptyEventBytes(["a:1"]) +
        partitionEntryBytes("mytopic", 0) +
        recordJsonBytes(first) +
        1 +
        recordJsonBytes(second),
    );
    expect(partitionEntryBytes("t", 0)).toBe(Buffer.byteLength('"t-0":[]'));
    expect(emptyEventBytes(["b:9092"])).toBe(
      Buffer.byteLength('{"eventSource":"SelfManagedKafka","bootstrapServers":"b:9092","records":{}}'),
    );
  });

  it("grows with base64: a 3-byte value adds 4 characters", () => {
    const small = recordJsonBytes(input({ value: Buffer.alloc(3) }));
    const larger = recordJsonBytes(input({ value: Buffer.alloc(6) }));
    expect(larger - small).toBe(4);
  });
});

describe("topicPartitionKey", () => {
  it("joins topic and partition with a hyphen, as event.records keys do", () => {
    expect(topicPartitionKey("users.raw", 3)).toBe("users.raw-3");
    expect(topicPartitionKey("a-b", 10)).toBe("a-b-10");
  });
});
