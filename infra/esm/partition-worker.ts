import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type Batch, type BatchLimits, PartitionBatcher } from "./batcher.ts";
import type { MappingCounters } from "./counters.ts";
import { publishBatchEvent } from "./diagnostics.ts";
import { type EngineRecord, eventPayload } from "./engine-record.ts";
import type { FailureCondition, FailureResponseContext } from "./failure-record.ts";
import type { FailureSender } from "./failure-sender.ts";
import type { InvokeResult, Invoker } from "./invoker.ts";
import type { EsmLogger } from "./log.ts";
import { interpretBatchResponse } from "./partial-failure.ts";
import { type BackoffSettings, decideRetry, type RetrySettings } from "./retry-policy.ts";
import type { Semaphore } from "./semaphore.ts";

/**
 * One partition of a mapping: a queue of the records read from Kafka, a {@link PartitionBatcher}, and a loop that
 * invokes ONE batch at a time, strictly in offset order, and applies the mapping's failure handling:
 *
 * - success: commit past the batch (and past the filtered records that followed it);
 * - ReportBatchItemFailures: commit up to the lowest failed offset, retry from there;
 * - failure: {@link decideRetry} — retry after a backoff (a structured `warn` line per retry with its attempt
 *   number), bisect, or discard (expired / retries exhausted) to the on-failure destination, then commit past;
 * - an oversized record (larger than an invocation payload can be) is never invoked: it is discarded with the
 *   condition `MaximumPayloadSizeExceeded`.
 *
 * Records behind a retried batch wait in the queue, so nothing is lost or reordered. Commits are only *marked* here;
 * the mapping's committer coalesces and sends them. Filtered records never reach the batcher: they are committed
 * with the batch they follow, or at once when nothing is pending before them.
 */

/** What a partition worker needs from its mapping. */
export interface PartitionWorkerDeps {
  readonly mappingId: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly bootstrapServers: readonly string[];
  /** Batch limits; `overheadBytes` is the empty event's, the worker adds its partition entry. */
  readonly limits: BatchLimits;
  readonly retry: RetrySettings;
  readonly reportBatchItemFailures: boolean;
  readonly backoff: BackoffSettings;
  /** Client-side bound of one invocation (the function timeout plus a margin). */
  readonly invokeTimeoutMs: number;
  readonly invoke: Invoker;
  /** The mapping's concurrency: one slot per invocation in flight. */
  readonly slots: Semaphore;
  /** Marks `offset` (the next record to read) as committable for this partition. */
  readonly commit: (partition: number, offset: bigint, leaderEpoch: number) => void;
  readonly sender: FailureSender | null;
  readonly counters: MappingCounters;
  readonly log: EsmLogger;
  /** Called when records leave the queue (for the mapping's backpressure). */
  readonly onDequeued: (count: number) => void;
  readonly now?: () => number;
  readonly random?: () => number;
}

interface ClosedBatch {
  readonly batch: Batch<EngineRecord>;
  /** Offset+1 and epoch of the last filtered record after the batch's last record, if any. */
  readonly tail: { offset: bigint; leaderEpoch: number } | null;
}

interface WorkItem {
  records: readonly EngineRecord[];
  retries: number;
}

const SUCCESS = { kind: "success" } as const;

const last = <T>(items: readonly T[]): T => items[items.length - 1] as T;

/**
 * The worker of one topic-partition. Call {@link enqueue} with records in offset order, {@link run} once, and
 * {@link stop} to end it after the invocation in flight.
 *
 * @example
 * const worker = new PartitionWorker("users.processed", 0, deps);
 * const done = worker.run();
 * worker.enqueue(record);
 * worker.stop(); await done;
 */
export class PartitionWorker {
  readonly topic: string;
  readonly partition: number;
  readonly #deps: PartitionWorkerDeps;
  readonly #batcher: PartitionBatcher<EngineRecord>;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #abort = new AbortController();
  #queue: EngineRecord[] = [];
  #head = 0;
  #ready: ClosedBatch[] = [];
  #openTail: { offset: bigint; leaderEpoch: number } | null = null;
  #lastEnqueued = -1n;
  #wake: (() => void) | null = null;
  #stopping = false;
  #inFlight = false;

  constructor(topic: string, partition: number, deps: PartitionWorkerDeps) {
    this.topic = topic;
    this.partition = partition;
    this.#deps = deps;
    const entry = Buffer.byteLength(JSON.stringify(`${topic}-${partition}`), "utf8") + 3;
    this.#batcher = new PartitionBatcher({
      ...deps.limits,
      overheadBytes: deps.limits.overheadBytes + entry,
    });
    this.#now = deps.now ?? Date.now;
    this.#random = deps.random ?? Math.random;
  }

  /** Records waiting in the queue (not yet in a batch). */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Whether an invocation (or destination delivery) is in progress. */
  get busy(): boolean {
    return this.#inFlight;
  }

  /** Adds the partition's next record; a record at or below an offset already queued is a re-delivery and dropped. */
  enqueue(record: EngineRecord): void {
    if (record.offset <= this.#lastEnqueued || this.#stopping) return;
    this.#lastEnqueued = record.offset;
    this.#queue.push(record);
    this.#notify();
  }

  /** Stops after the invocation in flight; pending retries and queued records are left uncommitted. */
  stop(): void {
    this.#stopping = true;
    this.#abort.abort();
    this.#notify();
  }

  /** The processing loop; resolves once stopped. */
  async run(): Promise<void> {
    for (;;) {
      const next = await this.#nextBatch();
      if (next === null) return;
      this.#inFlight = true;
      try {
        // Each resolved part of the batch is committed as it resolves; the filtered tail once all of it has.
        const done = await this.#process(next.batch);
        if (!done) return;
        const through = last(next.batch.records).offset + 1n;
        if (next.tail !== null && next.tail.offset > through) {
          this.#deps.commit(this.partition, next.tail.offset, next.tail.leaderEpoch);
        }
      } finally {
        this.#inFlight = false;
      }
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #take(): EngineRecord | undefined {
    if (this.#head >= this.#queue.length) return undefined;
    const record = this.#queue[this.#head] as EngineRecord;
    this.#head += 1;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    return record;
  }

  #closed(batch: Batch<EngineRecord> | null, index: number): void {
    if (batch === null) return;
    this.#ready.push({ batch, tail: index === 0 ? this.#openTail : null });
    if (index === 0) this.#openTail = null;
  }

  /** Moves queued records into the batcher until a batch closes or the queue is empty. */
  #drain(): void {
    let taken = 0;
    while (this.#ready.length === 0) {
      const record = this.#take();
      if (record === undefined) break;
      taken += 1;
      if (record.json === null) {
        this.#deps.counters.filtered += 1;
        if (this.#batcher.size === 0) {
          this.#deps.commit(this.partition, record.offset + 1n, record.leaderEpoch);
        } else {
          this.#openTail = { offset: record.offset + 1n, leaderEpoch: record.leaderEpoch };
        }
        continue;
      }
      const closed = this.#batcher.add(record, record.bytes, this.#now());
      closed.forEach((batch, index) => {
        this.#closed(batch, index);
      });
    }
    if (taken > 0) this.#deps.onDequeued(taken);
  }

  async #nextBatch(): Promise<ClosedBatch | null> {
    for (;;) {
      if (this.#stopping) return null;
      const ready = this.#ready.shift();
      if (ready) {
        this.#deps.counters.batches += 1;
        return ready;
      }
      this.#drain();
      if (this.#ready.length > 0) continue;
      const deadline = this.#batcher.deadlineMs;
      if (deadline !== null && this.#now() >= deadline) {
        this.#closed(this.#batcher.poll(this.#now()), 0);
        continue;
      }
      await this.#waitFor(deadline === null ? null : deadline - this.#now());
    }
  }

  #waitFor(ms: number | null): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
      if (ms !== null) {
        timer = setTimeout(
          () => {
            this.#wake = null;
            resolve();
          },
          Math.max(0, ms),
        );
      }
    });
  }

  /** Resolves true once every record of the batch is committed-ready (delivered or discarded); false when stopped. */
  async #process(batch: Batch<EngineRecord>): Promise<boolean> {
    if (batch.reason === "oversized-record") {
      return this.#discard(batch.records, "MaximumPayloadSizeExceeded", 0, null);
    }
    const work: WorkItem[] = [{ records: batch.records, retries: 0 }];
    while (work.length > 0) {
      if (this.#stopping) return false;
      const item = work[0] as WorkItem;
      const started = this.#now();
      const result = await this.#invoke(item.records);
      const attempt = item.retries + 1;
      this.#deps.counters.invocations += 1;
      let failure: "function-error" | "invocation-error";
      let reason: string;
      if (result.kind === "ok") {
        // Without ReportBatchItemFailures the response is ignored (interpretBatchResponse would say success).
        const outcome = this.#deps.reportBatchItemFailures
          ? interpretBatchResponse(result.payload, item.records, { reportBatchItemFailures: true })
          : SUCCESS;
        if (outcome.kind === "success") {
          this.#deps.counters.records += item.records.length;
          this.#publish(item.records, "success", attempt, started);
          const through = last(item.records);
          this.#deps.commit(this.partition, through.offset + 1n, through.leaderEpoch);
          work.shift();
          continue;
        }
        if (outcome.kind === "partial") {
          const retryFrom = outcome.partitions[0]?.retryFromOffset ?? null;
          this.#deps.counters.partialFailures += 1;
          this.#publish(item.records, "partial", attempt, started);
          if (retryFrom === null) {
            work.shift();
            continue;
          }
          const succeeded = item.records.filter((record) => record.offset < retryFrom);
          this.#deps.counters.records += succeeded.length;
          if (succeeded.length > 0) {
            const through = last(succeeded);
            this.#deps.commit(this.partition, through.offset + 1n, through.leaderEpoch);
          }
          item.records = item.records.filter((record) => record.offset >= retryFrom);
          failure = "function-error";
          reason = `the function reported failed records from offset ${retryFrom}`;
        } else {
          this.#deps.counters.errors += 1;
          this.#publish(item.records, "failure", attempt, started, outcome.reason);
          failure = "function-error";
          reason = `invalid batch item failures response: ${outcome.reason}`;
        }
      } else {
        this.#deps.counters.errors += 1;
        failure = result.kind;
        reason =
          result.kind === "function-error"
            ? `function error ${result.functionError}: ${errorMessageOf(result.payload)}`
            : `invocation failed: ${result.error.name}: ${result.error.message}`;
        this.#publish(item.records, "failure", attempt, started, reason);
      }
      const decision = decideRetry(
        {
          retries: item.retries,
          recordTimestampsMs: item.records.map((record) => Number(record.timestamp)),
          failure,
        },
        this.#deps.retry,
        { nowMs: this.#now(), random: this.#random, backoff: this.#deps.backoff },
      );
      if (decision.kind === "retry") {
        this.#deps.counters.retries += 1;
        this.#deps.log("warn", "batch failed, retrying", {
          ...this.#where(item.records),
          attempt: decision.retry,
          maximumRetryAttempts: this.#deps.retry.maximumRetryAttempts,
          delayMs: decision.delayMs,
          reason,
        });
        item.retries = decision.retry;
        if (!(await this.#sleep(decision.delayMs))) return false;
      } else if (decision.kind === "bisect") {
        this.#deps.counters.bisects += 1;
        work.splice(
          0,
          1,
          { records: item.records.slice(0, decision.splitAt), retries: item.retries },
          { records: item.records.slice(decision.splitAt), retries: item.retries },
        );
      } else {
        const discarded = item.records.slice(0, decision.count);
        const delivered = await this.#discard(
          discarded,
          decision.condition,
          attempt,
          responseContextOf(result),
          decision.toDestination,
        );
        if (!delivered) return false;
        this.#deps.log("warn", "records discarded", {
          ...this.#where(discarded),
          condition: decision.condition,
          toDestination: decision.toDestination,
          reason,
        });
        item.records = item.records.slice(decision.count);
        if (item.records.length === 0) work.shift();
      }
    }
    return true;
  }

  async #invoke(records: readonly EngineRecord[]): Promise<InvokeResult> {
    const release = await this.#deps.slots.acquire();
    try {
      return await this.#deps.invoke(
        this.#deps.functionName,
        eventPayload(this.#deps.bootstrapServers, records),
        this.#deps.invokeTimeoutMs,
      );
    } finally {
      release();
    }
  }

  /** Sends records to the destination (when there is one), retrying delivery until it works, then commits past. */
  async #discard(
    records: readonly EngineRecord[],
    condition: FailureCondition,
    approximateInvokeCount: number,
    responseContext: FailureResponseContext | null,
    toDestination = this.#deps.sender !== null,
  ): Promise<boolean> {
    const sender = this.#deps.sender;
    if (toDestination && sender !== null) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          await sender.send(
            {
              requestId: randomUUID(),
              functionArn: this.#deps.functionArn,
              condition,
              approximateInvokeCount,
              responseContext,
              timestampMs: this.#now(),
              bootstrapServers: this.#deps.bootstrapServers,
            },
            records,
          );
          this.#deps.counters.sentToDestination += records.length;
          break;
        } catch (error) {
          this.#deps.counters.destinationErrors += 1;
          this.#deps.log("warn", "on-failure destination delivery failed, retrying", {
            ...this.#where(records),
            attempt,
            error,
          });
          if (
            !(await this.#sleep(
              Math.min(this.#deps.backoff.maxDelayMs, this.#deps.backoff.baseDelayMs * attempt),
            ))
          )
            return false;
        }
      }
    } else if (condition === "MaximumPayloadSizeExceeded") {
      this.#deps.log("warn", "record too large for an invocation, skipped", { ...this.#where(records) });
    }
    this.#deps.counters.discarded += records.length;
    this.#publish(records, "discarded", approximateInvokeCount, this.#now(), undefined, condition);
    const through = last(records);
    this.#deps.commit(this.partition, through.offset + 1n, through.leaderEpoch);
    return true;
  }

  async #sleep(ms: number): Promise<boolean> {
    if (this.#stopping) return false;
    try {
      await sleep(ms, undefined, { signal: this.#abort.signal });
      return !this.#stopping;
    } catch {
      return false;
    }
  }

  #where(records: readonly EngineRecord[]): Record<string, unknown> {
    return {
      mapping: this.#deps.mappingId,
      topic: this.topic,
      partition: this.partition,
      firstOffset: records[0]?.offset,
      lastOffset: records.length > 0 ? last(records).offset : undefined,
      records: records.length,
    };
  }

  #publish(
    records: readonly EngineRecord[],
    outcome: "success" | "partial" | "failure" | "discarded",
    attempt: number,
    startedMs: number,
    error?: string,
    condition?: string,
  ): void {
    publishBatchEvent(() => ({
      mapping: this.#deps.mappingId,
      topic: this.topic,
      partition: this.partition,
      firstOffset: records[0]?.offset ?? -1n,
      lastOffset: records.length > 0 ? last(records).offset : -1n,
      records: records.length,
      outcome,
      attempt,
      durationMs: this.#now() - startedMs,
      ...(error === undefined ? {} : { error }),
      ...(condition === undefined ? {} : { condition }),
    }));
  }
}

function errorMessageOf(payload: unknown): string {
  if (typeof payload === "object" && payload !== null && "errorMessage" in payload) {
    return String((payload as { errorMessage: unknown }).errorMessage);
  }
  return typeof payload === "string" ? payload : JSON.stringify(payload ?? null);
}

function responseContextOf(result: InvokeResult): FailureResponseContext {
  if (result.kind === "invocation-error") {
    const status = (result.error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return { statusCode: status ?? 500, executedVersion: "$LATEST" };
  }
  return {
    statusCode: result.statusCode,
    executedVersion: result.executedVersion,
    ...(result.kind === "function-error" ? { functionError: result.functionError } : {}),
  };
}
