import { describe, expect, it } from "vitest";
import {
  decodeValue,
  groupOffsets,
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

const okRecords = () => fx.lambda.invocations.filter((i) => i.outcome === "ok").flatMap((i) => i.records);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("offsets and starting positions", () => {
  it("resumes from the committed offsets after a restart mid-stream: no loss, duplicates only of uncommitted", async () => {
    const topic = await newTopic("restart", 3);
    await produce(topic, numbered(1_500, 3));
    fx.lambda.handler = async () => {
      await sleep(5);
      return {};
    };
    const mapping = mappingFor(topic, { batchSize: 10 });
    fx.engine = await runEngine(mapping, fx.lambda);
    await waitUntil("some progress", () => okRecords().length >= 300);
    await fx.engine.stop();
    fx.engine = undefined;
    const firstRun = okRecords();
    const committed = await groupOffsets(mapping.consumerGroupId, topic);
    expect(firstRun.length).toBeLessThan(1_500);
    // Everything committed was delivered (nothing committed that was not processed).
    for (const [partition, offset] of committed) {
      const delivered = new Set(firstRun.filter((r) => r.partition === partition).map((r) => r.offset));
      for (let o = 0; o < Number(offset); o += 1) expect(delivered.has(o)).toBe(true);
    }

    const mark = fx.lambda.invocations.length;
    fx.engine = await runEngine(mapping, fx.lambda);
    await statusWhen(fx.engine, (m) => m.partitions.every((p) => p.committedOffset === "500"));
    const secondRun = fx.lambda.invocations
      .slice(mark)
      .filter((i) => i.outcome === "ok")
      .flatMap((i) => i.records);
    for (const record of secondRun) {
      expect(record.offset).toBeGreaterThanOrEqual(Number(committed.get(record.partition) ?? 0n));
    }
    const all = new Set([...firstRun, ...secondRun].map((r) => decodeValue(r).n));
    expect(all.size).toBe(1_500);
    for (let p = 0; p < 3; p += 1) {
      const offsets = secondRun.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    }
  });

  it("TRIM_HORIZON reads from the earliest record; LATEST only what is produced after the start", async () => {
    const topic = await newTopic("positions", 2);
    await produce(topic, numbered(10, 2));

    fx.engine = await runEngine(
      mappingFor(topic, { startingPosition: "TRIM_HORIZON", batchSize: 100 }),
      fx.lambda,
    );
    await waitUntil("the 10 old records", () => okRecords().length >= 10);
    expect(
      okRecords()
        .map((r) => decodeValue(r).n)
        .sort((a, b) => a - b),
    ).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await fx.engine.stop();

    const mark = fx.lambda.invocations.length;
    fx.engine = await runEngine(mappingFor(topic, { startingPosition: "LATEST", batchSize: 100 }), fx.lambda);
    await produce(topic, numbered(6, 2, 100));
    await waitUntil(
      "the 6 new records",
      () => fx.lambda.invocations.slice(mark).flatMap((i) => i.records).length >= 6,
    );
    await sleep(700);
    const latest = fx.lambda.invocations.slice(mark).flatMap((i) => i.records);
    expect(latest.map((r) => decodeValue(r).n).sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104, 105]);
  });

  it("AT_TIMESTAMP starts at the first record at or after the timestamp", async () => {
    const topic = await newTopic("timestamp", 1);
    await produce(topic, numbered(5, 1));
    await sleep(50);
    const at = Date.now() / 1000;
    await sleep(50);
    await produce(topic, numbered(5, 1, 50));
    fx.engine = await runEngine(
      mappingFor(topic, { startingPosition: "AT_TIMESTAMP", startingPositionTimestamp: at, batchSize: 100 }),
      fx.lambda,
    );
    await waitUntil("the later records", () => okRecords().length >= 5);
    await sleep(700);
    expect(okRecords().map((r) => decodeValue(r).n)).toEqual([50, 51, 52, 53, 54]);
  });
});
