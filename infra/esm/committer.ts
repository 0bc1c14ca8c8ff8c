import type { EsmLogger } from "./log.ts";

/**
 * Coalesces a mapping's offset commits: workers mark offsets as they finish batches, and at most one commit
 * request is in flight, carrying the newest offset of every partition marked since the previous one. At 1,000
 * batches/s this sends a handful of commit requests instead of a thousand. A failed commit is retried (its offsets
 * are merged back unless newer ones were marked). Offsets only move forward.
 */

/** A commit to send: the next offset to read for a partition, Kafka-style. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
}

/** Sends one commit request (e.g. `consumer.commit({ offsets })`). */
export type CommitFn = (offsets: OffsetToCommit[]) => Promise<void>;

/**
 * @example
 * const committer = new OffsetCommitter("users.processed", (offsets) => consumer.commit({ offsets }), log);
 * committer.mark(0, 42n, 0);   // sent soon, together with other partitions' marks
 * await committer.flush();     // on shutdown
 */
export class OffsetCommitter {
  readonly #topic: string;
  readonly #send: CommitFn;
  readonly #log: EsmLogger;
  readonly #pending = new Map<number, OffsetToCommit>();
  readonly #committed = new Map<number, bigint>();
  #inFlight: Promise<void> | null = null;
  #scheduled = false;
  #closed = false;
  /** Failed commit requests. */
  errors = 0;

  constructor(topic: string, send: CommitFn, log: EsmLogger) {
    this.#topic = topic;
    this.#send = send;
    this.#log = log;
  }

  /** The last offset committed per partition (the next record to read). */
  get committed(): ReadonlyMap<number, bigint> {
    return this.#committed;
  }

  /** Seeds a partition's committed offset (read from the broker at start). */
  seed(partition: number, offset: bigint): void {
    if (offset >= 0n && offset > (this.#committed.get(partition) ?? -1n))
      this.#committed.set(partition, offset);
  }

  /** Marks `offset` as committable for `partition`; ignored when not beyond what is marked or committed. */
  mark(partition: number, offset: bigint, leaderEpoch: number): void {
    if (this.#closed) return;
    const known = this.#pending.get(partition)?.offset ?? this.#committed.get(partition) ?? -1n;
    if (offset <= known) return;
    this.#pending.set(partition, { topic: this.#topic, partition, offset, leaderEpoch });
    this.#schedule();
  }

  /**
   * Sends everything marked so far and waits for it (and any request in flight), retrying failed commits until
   * `timeoutMs` has passed. Resolves true when nothing is left to commit.
   */
  async flush(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inFlight !== null || this.#pending.size > 0) {
      if (Date.now() > deadline) return false;
      if (this.#inFlight === null) this.#start();
      await this.#inFlight;
    }
    return true;
  }

  /** Stops accepting marks (after a final {@link flush}). */
  close(): void {
    this.#closed = true;
  }

  #schedule(): void {
    if (this.#scheduled || this.#inFlight !== null) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#inFlight === null && this.#pending.size > 0) this.#start();
    });
  }

  #start(): void {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#inFlight = this.#send(batch).then(
      () => {
        for (const { partition, offset } of batch) {
          if (offset > (this.#committed.get(partition) ?? -1n)) this.#committed.set(partition, offset);
        }
      },
      async (error: unknown) => {
        this.errors += 1;
        this.#log("warn", "offset commit failed, retrying", { topic: this.#topic, error });
        for (const entry of batch) {
          const newer = this.#pending.get(entry.partition);
          if (newer === undefined || newer.offset < entry.offset) this.#pending.set(entry.partition, entry);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      },
    );
    void this.#inFlight.finally(() => {
      this.#inFlight = null;
      if (this.#pending.size > 0 && !this.#closed) this.#schedule();
    });
  }
}
