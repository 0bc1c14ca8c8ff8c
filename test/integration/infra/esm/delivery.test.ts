import { describe, expect, it } from "vitest";
import {
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

const delivered = () => fx.lambda.invocations.filter((i) => i.outcome === "ok").flatMap((i) => i.records);

describe("delivery through the Invoke API", () => {
  it("delivers N records across partitions exactly once, in order per partition, and commits them all", async () => {
    const topic = await newTopic("counts", 4);
    const messages = numbered(2_000, 4);
    await produce(topic, messages);
    const mapping = mappingFor(topic, { batchSize: 50 });
    fx.engine = await runEngine(mapping, fx.lambda);
    await waitUntil("all records", () => delivered().length >= 2_000);

    const records = delivered();
    expect(records).toHaveLength(2_000);
    expect(new Set(records.map((r) => decodeValue(r).n)).size).toBe(2_000);
    for (let p = 0; p < 4; p += 1) {
      const offsets = records.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets).toEqual(Array.from({ length: 500 }, (_, i) => i));
    }
    // Every invocation holds one partition's records, at most batchSize of them, shaped as Lambda sends them.
    for (const invocation of fx.lambda.invocations) {
      expect(invocation.functionName).toBe("esm-test-test-fn");
      expect(invocation.event.eventSource).toBe("SelfManagedKafka");
      expect(Object.keys(invocation.event.records)).toHaveLength(1);
      expect(invocation.records.length).toBeLessThanOrEqual(50);
    }
    const latest = await statusWhen(fx.engine, (m) => m.partitions.every((p) => p.lag === "0"));
    expect(latest.counters.records).toBe(2_000);
    expect(latest.counters.errors).toBe(0);
    expect(latest.partitions.map((p) => [p.partition, p.committedOffset, p.lag])).toEqual([
      [0, "500", "0"],
      [1, "500", "0"],
      [2, "500", "0"],
      [3, "500", "0"],
    ]);
  });

  it("closes batches at batchSize and, for a trickle, at the batching window", async () => {
    const topic = await newTopic("window", 1);
    const mapping = mappingFor(topic, { batchSize: 10, maximumBatchingWindow: 1 });
    fx.engine = await runEngine(mapping, fx.lambda);
    await produce(topic, numbered(25, 1));
    await waitUntil("25 records", () => delivered().length >= 25, 10_000);
    expect(fx.lambda.invocations.map((i) => i.records.length)).toEqual([10, 10, 5]);

    // Three records arriving 100 ms apart go in one batch closed by the 1 s window.
    const before = fx.lambda.invocations.length;
    const started = Date.now();
    for (const message of numbered(3, 1, 100)) {
      await produce(topic, [message]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitUntil("the windowed batch", () => fx.lambda.invocations.length > before, 10_000);
    const windowed = fx.lambda.invocations[before];
    expect(windowed?.records.map((r) => decodeValue(r).n)).toEqual([100, 101, 102]);
    expect((windowed?.atMs ?? 0) - started).toBeGreaterThanOrEqual(900);
  });

  it("applies filter patterns: only matching records are invoked, the others are committed", async () => {
    const topic = await newTopic("filter", 2);
    await produce(topic, numbered(100, 2));
    const mapping = mappingFor(topic, {
      batchSize: 100,
      filterPatterns: [{ value: { n: [{ numeric: ["<", 30] }] } }],
    });
    fx.engine = await runEngine(mapping, fx.lambda);
    await waitUntil("30 records", () => delivered().length >= 30);
    const status = await statusWhen(fx.engine, (m) => m.partitions.every((p) => p.committedOffset === "50"));
    expect(
      delivered()
        .map((r) => decodeValue(r).n)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(status.counters.filtered).toBe(70);
    expect(status.partitions.map((p) => p.committedOffset)).toEqual(["50", "50"]);
  });
});
