/**
 * Per-partition batch accumulation, as Lambda's Kafka poller does it: a batch closes when it holds `batchSize`
 * records, when its batching window has elapsed since its first record, or when one more record would push the
 * invocation payload over the 6 MB limit (https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventsourcemapping.html,
 * "Batching behavior"). A record too large to fit in any invocation on its own closes alone as `"oversized-record"`:
 * Lambda cannot invoke with it and reports it to the on-failure destination with the condition
 * `MaximumPayloadSizeExceeded` (https://docs.aws.amazon.com/lambda/latest/dg/kafka-on-failure.html), so the caller
 * must not invoke such a batch.
 *
 * Pure: no timers, no I/O. The caller passes the clock in and asks {@link PartitionBatcher.deadlineMs} when to poll.
 */

/** Why a batch closed. */
export type BatchCloseReason =
  | "batch-size"
  | "batching-window"
  | "payload-limit"
  | "oversized-record"
  | "flush";

/** Limits of a batcher; all sizes in bytes of the serialized (UTF-8 JSON) event. */
export interface BatchLimits {
  /** Records per batch (BatchSize, 1–10,000). */
  readonly batchSize: number;
  /** How long a batch stays open after its first record (MaximumBatchingWindowInSeconds × 1000); 0 closes on the next poll. */
  readonly maximumBatchingWindowMs: number;
  /** The largest event that may be invoked (see MAX_INVOCATION_PAYLOAD_BYTES). */
  readonly maxPayloadBytes: number;
  /** Bytes of the event around the records: the empty event plus the partition's `"<topic>-<n>":[]` entry. */
  readonly overheadBytes: number;
}

/** A closed batch of one partition's records, in the order they were added. */
export interface Batch<T> {
  readonly records: readonly T[];
  /** Size of the whole serialized event for these records. */
  readonly payloadBytes: number;
  /** When its first record was added. */
  readonly openedAtMs: number;
  readonly reason: BatchCloseReason;
}

/**
 * Accumulates one partition's records (add them in offset order) and says when a batch must close.
 *
 * @example
 * const batcher = new PartitionBatcher<Rec>({ batchSize: 100, maximumBatchingWindowMs: 500,
 *   maxPayloadBytes: MAX_INVOCATION_PAYLOAD_BYTES, overheadBytes: 120 });
 * batcher.add(rec, recordJsonBytes(rec), Date.now()); // [] until a limit is hit
 * batcher.poll(Date.now() + 500);                      // the batch, its window elapsed
 */
export class PartitionBatcher<T> {
  readonly #limits: BatchLimits;
  #records: T[] = [];
  /** Bytes of the records and the commas between them. */
  #recordBytes = 0;
  #openedAtMs = 0;

  constructor(limits: BatchLimits) {
    if (!Number.isInteger(limits.batchSize) || limits.batchSize < 1) {
      throw new RangeError(`batchSize must be a positive integer, got ${limits.batchSize}`);
    }
    if (limits.maximumBatchingWindowMs < 0) {
      throw new RangeError(
        `maximumBatchingWindowMs must not be negative, got ${limits.maximumBatchingWindowMs}`,
      );
    }
    this.#limits = limits;
  }

  /** Records in the open batch. */
  get size(): number {
    return this.#records.length;
  }

  /** When the open batch's window elapses (call {@link poll} then); null when no batch is open. */
  get deadlineMs(): number | null {
    return this.#records.length === 0 ? null : this.#openedAtMs + this.#limits.maximumBatchingWindowMs;
  }

  /**
   * Adds the next record of the partition and returns the batches this closes: none, the batch that was full
   * (batch size reached, or no room left for this record), and/or an oversized record alone.
   */
  add(record: T, recordBytes: number, nowMs: number): Batch<T>[] {
    const closed: Batch<T>[] = [];
    const { overheadBytes, maxPayloadBytes, batchSize } = this.#limits;
    if (overheadBytes + recordBytes > maxPayloadBytes) {
      const previous = this.#close("payload-limit");
      if (previous) closed.push(previous);
      closed.push({
        records: [record],
        payloadBytes: overheadBytes + recordBytes,
        openedAtMs: nowMs,
        reason: "oversized-record",
      });
      return closed;
    }
    const separator = this.#records.length === 0 ? 0 : 1;
    if (overheadBytes + this.#recordBytes + separator + recordBytes > maxPayloadBytes) {
      const previous = this.#close("payload-limit");
      if (previous) closed.push(previous);
    }
    if (this.#records.length === 0) {
      this.#openedAtMs = nowMs;
      this.#recordBytes = recordBytes;
    } else {
      this.#recordBytes += 1 + recordBytes;
    }
    this.#records.push(record);
    if (this.#records.length >= batchSize) {
      const full = this.#close("batch-size");
      if (full) closed.push(full);
    }
    return closed;
  }

  /** Closes the open batch if its batching window has elapsed at `nowMs`. */
  poll(nowMs: number): Batch<T> | null {
    const deadline = this.deadlineMs;
    return deadline !== null && nowMs >= deadline ? this.#close("batching-window") : null;
  }

  /** Closes the open batch whatever its state (e.g. on shutdown or partition revocation); null when empty. */
  flush(): Batch<T> | null {
    return this.#close("flush");
  }

  #close(reason: BatchCloseReason): Batch<T> | null {
    if (this.#records.length === 0) return null;
    const batch: Batch<T> = {
      records: this.#records,
      payloadBytes: this.#limits.overheadBytes + this.#recordBytes,
      openedAtMs: this.#openedAtMs,
      reason,
    };
    this.#records = [];
    this.#recordBytes = 0;
    return batch;
  }
}
