import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { describe, expect, it } from "vitest";
import { newCounters } from "../../../../infra/esm/counters.ts";
import { BATCH_CHANNEL, type BatchEvent } from "../../../../infra/esm/diagnostics.ts";
import { type EngineRecord, toEngineRecord } from "../../../../infra/esm/engine-record.ts";
import type { InvokeResult } from "../../../../infra/esm/invoker.ts";
import { PartitionWorker, type PartitionWorkerDeps } from "../../../../infra/esm/partition-worker.ts";
import { Semaphore } from "../../../../infra/esm/semaphore.ts";

const record = (offset: number, passes = true): EngineRecord =>
  toEngineRecord(
    {
      topic: "t",
      partition: 0,
      offset: BigInt(offset),
      timestamp: Date.now(),
      timestampType: "CREATE_TIME",
      key: null,
      value: Buffer.from(String(offset)),
      headers: [],
    },
    0,
    passes,
  );

interface Harness {
  deps: PartitionWorkerDeps;
  commits: bigint[];
  invoked: number[][];
  logs: { level: string; message: string; fields: Record<string, unknown> }[];
}

function harness(
  answer: (offsets: number[]) => InvokeResult | Promise<InvokeResult>,
  overrides: Partial<PartitionWorkerDeps> = {},
): Harness {
  const commits: bigint[] = [];
  const invoked: number[][] = [];
  const logs: Harness["logs"] = [];
  const deps: PartitionWorkerDeps = {
    mappingId: "fn/t",
    functionName: "fn",
    functionArn: "arn:aws:lambda:us-east-1:000000000000:function:fn",
    bootstrapServers: ["b:9092"],
    limits: { batchSize: 3, maximumBatchingWindowMs: 10, maxPayloadBytes: 6_291_456, overheadBytes: 60 },
    retry: {
      maximumRetryAttempts: -1,
      maximumRecordAgeInSeconds: -1,
      bisectBatchOnFunctionError: false,
      hasOnFailureDestination: false,
    },
    reportBatchItemFailures: false,
    backoff: { baseDelayMs: 5, maxDelayMs: 10 },
    invokeTimeoutMs: 1_000,
    invoke: async (_name, payload) => {
      const event = JSON.parse(payload) as { records: Record<string, { offset: number }[]> };
      const offsets = Object.values(event.records)
        .flat()
        .map((r) => r.offset);
      invoked.push(offsets);
      return answer(offsets);
    },
    slots: new Semaphore(1),
    commit: (_partition, offset) => commits.push(offset),
    sender: null,
    counters: newCounters(),
    log: (level, message, fields = {}) => logs.push({ level, message, fields }),
    onDequeued: () => {},
    ...overrides,
  };
  return { deps, commits, invoked, logs };
}

const ok: InvokeResult = { kind: "ok", statusCode: 200, executedVersion: "$LATEST", payload: {} };
const failed: InvokeResult = {
  kind: "function-error",
  statusCode: 200,
  executedVersion: "$LATEST",
  functionError: "Unhandled",
  payload: { errorMessage: "boom" },
};

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!check()) throw new Error("condition never held");
}

describe("PartitionWorker", () => {
  it("invokes batches in order and commits past each, filtered records included", async () => {
    const h = harness(() => ok);
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    for (const [offset, passes] of [
      [0, true],
      [1, false],
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, false],
    ] as const) {
      worker.enqueue(record(offset, passes));
    }
    await until(() => h.commits.includes(7n));
    worker.stop();
    await done;
    expect(h.invoked).toEqual([[0, 2, 3], [4]]);
    // [0, 2, 3] (the filtered 1 inside it), then [4] closed by the window, then its filtered tail 5, 6.
    expect(h.commits).toEqual([4n, 5n, 7n]);
    expect(h.deps.counters).toMatchObject({ filtered: 3, records: 4, batches: 2, invocations: 2 });
  });

  it("drops re-delivered offsets", async () => {
    const h = harness(() => ok);
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    worker.enqueue(record(0));
    worker.enqueue(record(1));
    worker.enqueue(record(0));
    worker.enqueue(record(2));
    await until(() => h.commits.includes(3n));
    worker.stop();
    await done;
    expect(h.invoked).toEqual([[0, 1, 2]]);
  });

  it("retries with a warn line per attempt, holds later records back, and commits nothing when stopped", async () => {
    const h = harness(() => failed);
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    for (let offset = 0; offset < 6; offset += 1) worker.enqueue(record(offset));
    await until(() => h.logs.length >= 3);
    worker.stop();
    await done;
    expect(new Set(h.invoked.map((offsets) => offsets.join()))).toEqual(new Set(["0,1,2"]));
    expect(h.commits).toEqual([]);
    expect(h.logs.slice(0, 3).map((l) => [l.level, l.message, l.fields.attempt])).toEqual([
      ["warn", "batch failed, retrying", 1],
      ["warn", "batch failed, retrying", 2],
      ["warn", "batch failed, retrying", 3],
    ]);
    expect(String(h.logs[0]?.fields.reason)).toBe("function error Unhandled: boom");
  });

  it("treats a transport error like a failure, then goes on once the function answers", async () => {
    let calls = 0;
    const h = harness(() => {
      calls += 1;
      return calls === 1 ? { kind: "invocation-error", error: new Error("ECONNREFUSED") } : ok;
    });
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    for (let offset = 0; offset < 3; offset += 1) worker.enqueue(record(offset));
    await until(() => h.commits.includes(3n));
    worker.stop();
    await done;
    expect(h.invoked).toEqual([
      [0, 1, 2],
      [0, 1, 2],
    ]);
    expect(h.deps.counters).toMatchObject({ errors: 1, retries: 1, records: 3 });
  });

  it("never invokes a record too large for a payload: it is skipped and committed", async () => {
    const h = harness(() => ok, {
      limits: { batchSize: 10, maximumBatchingWindowMs: 5, maxPayloadBytes: 200, overheadBytes: 60 },
    });
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    worker.enqueue(record(0));
    worker.enqueue(
      toEngineRecord(
        {
          topic: "t",
          partition: 0,
          offset: 1n,
          timestamp: 0,
          timestampType: "CREATE_TIME",
          key: null,
          value: Buffer.alloc(500),
          headers: [],
        },
        0,
        true,
      ),
    );
    worker.enqueue(record(2));
    await until(() => h.commits.includes(3n));
    worker.stop();
    await done;
    expect(h.invoked).toEqual([[0], [2]]);
    expect(h.deps.counters.discarded).toBe(1);
    expect(h.logs.map((l) => l.message)).toContain("record too large for an invocation, skipped");
  });

  it("finishes the invocation in flight when stopped, and commits it", async () => {
    let release: (() => void) | undefined;
    const h = harness(
      () =>
        new Promise<InvokeResult>((resolve) => {
          release = () => resolve(ok);
        }),
    );
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    for (let offset = 0; offset < 5; offset += 1) worker.enqueue(record(offset));
    await until(() => release !== undefined);
    worker.stop();
    release?.();
    await done;
    expect(h.invoked).toEqual([[0, 1, 2]]);
    expect(h.commits).toEqual([3n]);
  });

  it("publishes one batch event per invocation on the diagnostics channel", async () => {
    const events: BatchEvent[] = [];
    const listener = (message: unknown) => events.push(message as BatchEvent);
    subscribe(BATCH_CHANNEL, listener);
    let calls = 0;
    const h = harness(() => {
      calls += 1;
      return calls === 1 ? failed : ok;
    });
    const worker = new PartitionWorker("t", 0, h.deps);
    const done = worker.run();
    for (let offset = 0; offset < 3; offset += 1) worker.enqueue(record(offset));
    await until(() => h.commits.includes(3n));
    worker.stop();
    await done;
    unsubscribe(BATCH_CHANNEL, listener);
    expect(events.map((e) => [e.outcome, e.attempt, e.firstOffset, e.lastOffset, e.records])).toEqual([
      ["failure", 1, 0n, 2n, 3],
      ["success", 2, 0n, 2n, 3],
    ]);
    expect(events[0]?.error).toBe("function error Unhandled: boom");
  });
});
