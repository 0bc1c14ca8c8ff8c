import { describe, expect, it } from "vitest";
import { type BatchLimits, PartitionBatcher } from "../../../../infra/esm/batcher.ts";
import {
  buildKafkaEvent,
  emptyEventBytes,
  type KafkaInputRecord,
  MAX_INVOCATION_PAYLOAD_BYTES,
  partitionEntryBytes,
  recordJsonBytes,
} from "../../../../infra/esm/event.ts";

const limits = (overrides: Partial<BatchLimits> = {}): BatchLimits => ({
  batchSize: 3,
  maximumBatchingWindowMs: 500,
  maxPayloadBytes: 1_000,
  overheadBytes: 100,
  ...overrides,
});

describe("PartitionBatcher", () => {
  it("closes a batch when batchSize is reached", () => {
    const batcher = new PartitionBatcher<number>(limits());
    expect(batcher.add(1, 10, 0)).toEqual([]);
    expect(batcher.add(2, 10, 1)).toEqual([]);
    const [batch] = batcher.add(3, 10, 2);
    expect(batch).toEqual({
      records: [1, 2, 3],
      payloadBytes: 100 + 30 + 2,
      openedAtMs: 0,
      reason: "batch-size",
    });
    expect(batcher.size).toBe(0);
    expect(batcher.deadlineMs).toBeNull();
  });

  it("closes a batch of one at batchSize 1", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 1 }));
    expect(batcher.add(7, 10, 0).map((b) => b.records)).toEqual([[7]]);
  });

  it("closes when the batching window has elapsed since the first record, not the last", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 100 }));
    batcher.add(1, 10, 1_000);
    batcher.add(2, 10, 1_400);
    expect(batcher.deadlineMs).toBe(1_500);
    expect(batcher.poll(1_499)).toBeNull();
    const batch = batcher.poll(1_500);
    expect(batch?.records).toEqual([1, 2]);
    expect(batch?.reason).toBe("batching-window");
    expect(batcher.poll(10_000)).toBeNull();
  });

  it("starts a new window with the next batch", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 2 }));
    batcher.add(1, 10, 0);
    batcher.add(2, 10, 0);
    batcher.add(3, 10, 900);
    expect(batcher.deadlineMs).toBe(1_400);
  });

  it("with a zero window, closes whatever was added on the next poll", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 100, maximumBatchingWindowMs: 0 }));
    batcher.add(1, 10, 5);
    batcher.add(2, 10, 5);
    expect(batcher.poll(5)?.records).toEqual([1, 2]);
  });

  it("closes the open batch before a record that would push the payload over the limit", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 100, maxPayloadBytes: 200 }));
    expect(batcher.add(1, 50, 0)).toEqual([]);
    expect(batcher.add(2, 49, 0)).toEqual([]); // 100 + 50 + 1 + 49 = 200: exactly at the limit still fits
    const closed = batcher.add(3, 1, 7);
    expect(closed).toEqual([{ records: [1, 2], payloadBytes: 200, openedAtMs: 0, reason: "payload-limit" }]);
    expect(batcher.size).toBe(1);
    expect(batcher.deadlineMs).toBe(507);
  });

  it("delivers a record that alone exceeds the limit in a batch of its own, marked oversized", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 100, maxPayloadBytes: 200 }));
    batcher.add(1, 10, 0);
    const closed = batcher.add(2, 101, 3);
    expect(closed).toEqual([
      { records: [1], payloadBytes: 110, openedAtMs: 0, reason: "payload-limit" },
      { records: [2], payloadBytes: 201, openedAtMs: 3, reason: "oversized-record" },
    ]);
    expect(batcher.size).toBe(0);
    expect(batcher.add(3, 101, 4).map((b) => b.reason)).toEqual(["oversized-record"]);
  });

  it("flushes the open batch on demand", () => {
    const batcher = new PartitionBatcher<number>(limits({ batchSize: 100 }));
    expect(batcher.flush()).toBeNull();
    batcher.add(1, 10, 0);
    expect(batcher.flush()).toMatchObject({ records: [1], reason: "flush" });
    expect(batcher.flush()).toBeNull();
  });

  it("rejects nonsensical limits", () => {
    expect(() => new PartitionBatcher(limits({ batchSize: 0 }))).toThrow(RangeError);
    expect(() => new PartitionBatcher(limits({ maximumBatchingWindowMs: -1 }))).toThrow(RangeError);
  });

  it("predicts the exact size of the event built from its batch", () => {
    const servers = ["127.0.0.1:9092"];
    const overheadBytes = emptyEventBytes(servers) + partitionEntryBytes("t", 0);
    const batcher = new PartitionBatcher<KafkaInputRecord>({
      batchSize: 10_000,
      maximumBatchingWindowMs: 500,
      maxPayloadBytes: MAX_INVOCATION_PAYLOAD_BYTES,
      overheadBytes,
    });
    const value = Buffer.alloc(1_000_000, 0x61); // ~1.33 MB once base64-encoded
    const batches = [];
    for (let offset = 0n; offset < 10n; offset += 1n) {
      const record: KafkaInputRecord = {
        topic: "t",
        partition: 0,
        offset,
        timestamp: 0,
        timestampType: "CREATE_TIME",
        key: null,
        value,
        headers: [],
      };
      batches.push(...batcher.add(record, recordJsonBytes(record), 0));
    }
    const last = batcher.flush();
    if (last) batches.push(last);
    expect(batches.map((b) => b.records.length)).toEqual([4, 4, 2]);
    for (const batch of batches) {
      const actual = Buffer.byteLength(JSON.stringify(buildKafkaEvent(servers, batch.records)));
      expect(batch.payloadBytes).toBe(actual);
      expect(actual).toBeLessThanOrEqual(MAX_INVOCATION_PAYLOAD_BYTES);
    }
  });
});
