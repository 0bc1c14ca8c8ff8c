import { channel } from "node:diagnostics_channel";

/**
 * Per-batch events of the engine on `node:diagnostics_channel`, so the hot path never logs; subscribe with
 * `diagnostics_channel.subscribe(BATCH_CHANNEL, listener)`. Messages are published only when someone listens.
 */

/**
 * The channel name.
 *
 * @example
 * diagnostics_channel.subscribe(BATCH_CHANNEL, (event) => console.log((event as BatchEvent).outcome));
 */
export const BATCH_CHANNEL = "realtime-data-streaming:esm:batch";

/** What a batch event tells. */
export interface BatchEvent {
  readonly mapping: string;
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: bigint;
  readonly lastOffset: bigint;
  readonly records: number;
  /**
   * `success` / `partial` / `failure` after an invocation; `discarded` when records were given up on (with
   * `condition`); `filtered` is never published (filtered records are counted, not batched).
   */
  readonly outcome: "success" | "partial" | "failure" | "discarded";
  /** Invocations of these records so far, this one included (0 for a discard without invocation). */
  readonly attempt: number;
  readonly durationMs: number;
  readonly condition?: string;
  readonly error?: string;
}

const batchChannel = channel(BATCH_CHANNEL);

/**
 * Publishes a batch event if anyone subscribed; `build` runs only then.
 *
 * @example
 * publishBatchEvent(() => ({ mapping: "f/t", topic: "t", partition: 0, firstOffset: 0n, lastOffset: 9n,
 *   records: 10, outcome: "success", attempt: 1, durationMs: 3 }));
 */
export function publishBatchEvent(build: () => BatchEvent): void {
  if (batchChannel.hasSubscribers) batchChannel.publish(build());
}
