import { describe, expect, it } from "vitest";
import {
  capturingLogger,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("engine lifecycle", () => {
  it("pauses reading when the queues behind a retried batch are full, and resumes when they drain", async () => {
    const topic = await newTopic("backpressure", 1);
    await produce(topic, numbered(3_000, 1));
    let failing = true;
    fx.lambda.handler = () => {
      if (failing) throw new Error("not yet");
      return {};
    };
    const mapping = mappingFor(topic, { batchSize: 10 });
    fx.engine = await runEngine(mapping, fx.lambda, { maxQueuedRecords: 200 });
    const paused = await statusWhen(fx.engine, (m) => m.state === "paused");
    expect(paused.counters.pauses).toBe(1);
    await sleep(300);
    const held = await statusWhen(fx.engine, () => true);
    // Reading stopped: at most the bound plus one fetch is held in memory.
    expect(held.counters.received).toBeLessThan(3_000);
    expect(held.state).toBe("paused");
    expect(held.queuedRecords).toBeGreaterThan(100);

    failing = false;
    const done = await statusWhen(fx.engine, (m) => m.partitions[0]?.committedOffset === "3000", 30_000);
    expect(done.state).toBe("running");
    expect(done.counters.pauses).toBeGreaterThanOrEqual(1);
    const delivered = fx.lambda.invocations.filter((i) => i.outcome === "ok").flatMap((i) => i.records);
    expect(delivered.map((r) => decodeValue(r).n)).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
  });

  it("on stop, lets the invocation in flight finish and commits it, and nothing else", async () => {
    const topic = await newTopic("shutdown", 1);
    await produce(topic, numbered(50, 1));
    let started = 0;
    fx.lambda.handler = async () => {
      started += 1;
      await sleep(started === 2 ? 800 : 0);
      return {};
    };
    const { log, lines } = capturingLogger();
    const mapping = mappingFor(topic, { batchSize: 10 });
    fx.engine = await runEngine(mapping, fx.lambda, { log });
    await waitUntil("the second invocation", () => started >= 2);
    const stopping = fx.engine.stop();
    fx.engine = undefined;
    await stopping;
    expect(fx.lambda.invocations).toHaveLength(2);
    expect(await groupOffsets(mapping.consumerGroupId, topic)).toEqual(new Map([[0, 20n]]));
    expect(lines.find((l) => l.message === "mapping stopped")?.fields.committed).toEqual({ 0: 20n });
  });

  it("prints a status line per mapping with counters, committed offsets and lag", async () => {
    const topic = await newTopic("status", 2);
    await produce(topic, numbered(10, 2));
    const { log, lines } = capturingLogger();
    fx.engine = await runEngine(mappingFor(topic), fx.lambda, { log });
    await statusWhen(fx.engine, (m) => m.partitions.every((p) => p.lag === "0"));
    await fx.engine.logStatus();
    const line = lines.find((l) => l.message === "esm status");
    expect(line?.level).toBe("info");
    expect(line?.fields).toMatchObject({
      topic,
      state: "running",
      counters: { received: 10, records: 10, errors: 0 },
      partitions: [
        { partition: 0, committedOffset: "5", endOffset: "5", lag: "0" },
        { partition: 1, committedOffset: "5", endOffset: "5", lag: "0" },
      ],
    });
  });
});
