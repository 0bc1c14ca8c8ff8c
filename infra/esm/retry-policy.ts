/**
 * What Lambda does with a Kafka batch whose invocation failed, from the mapping's error-handling settings
 * (https://docs.aws.amazon.com/lambda/latest/dg/kafka-retry-configurations.html, and for the shared stream
 * semantics https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html):
 *
 * 1. Records older than MaximumRecordAgeInSeconds (-1 = no limit) are discarded, condition `RecordAgeExceeded`. Only
 *    the leading expired records go (offsets must be committed in order); the rest are decided on again.
 * 2. With BisectBatchOnFunctionError, a function error splits a batch of two or more records in two, each half
 *    retried separately; "splitting batches doesn't consume the retry quota", so the halves keep the retry count.
 * 3. After MaximumRetryAttempts retries (-1 = infinite) the batch is discarded, condition `RetryAttemptsExhausted`.
 *    Infinite retries with an on-failure destination are capped at 10 ("When you configure both infinite retries and
 *    an on-failure destination, Lambda automatically applies a maximum of 10 retry attempts").
 * 4. Otherwise the batch is retried after an exponential backoff (AWS does not document its delays; these are ours).
 *
 * Discarded records go to the on-failure destination when there is one, and are skipped (committed) either way, as
 * the API reference puts it: "MaximumRetryAttempts – Discard records after the specified number of retries."
 * With the defaults (-1, -1) a failing batch is retried for ever, blocking its partition, as on AWS.
 */

/** The error-handling settings of a mapping. */
export interface RetrySettings {
  /** Retries after the first attempt: -1 (infinite) or 0–10,000. */
  readonly maximumRetryAttempts: number;
  /** -1 (infinite) or 60–604,800. */
  readonly maximumRecordAgeInSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly hasOnFailureDestination: boolean;
}

/** Backoff between retries: the n-th retry waits between half and all of min(maxDelayMs, baseDelayMs × 2^(n-1)). */
export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Our backoff: 0.5 s, 1 s, 2 s … capped at 30 s (upper bounds; each delay is jittered down to half). */
export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** Retries Lambda allows when retries are infinite but an on-failure destination is configured. */
export const INFINITE_RETRIES_WITH_DESTINATION = 10;

/** A batch whose invocation just failed. */
export interface FailedBatch {
  /** Retries already made for these records: 0 when the first invocation failed. */
  readonly retries: number;
  /** Record timestamps (ms since the epoch), in batch (offset) order; the batch is never empty. */
  readonly recordTimestampsMs: readonly number[];
  /** `function-error`: the function ran and failed (threw, timed out, invalid partial response); only these bisect. */
  readonly failure: "function-error" | "invocation-error";
}

/** Why records were given up on; the `condition` of their failure record. */
export type DiscardCondition = "RecordAgeExceeded" | "RetryAttemptsExhausted";

export type RetryDecision =
  /** Invoke the same records again after `delayMs`; `retry` counts from 1. */
  | { readonly kind: "retry"; readonly retry: number; readonly delayMs: number }
  /** Split into records [0, splitAt) and [splitAt, size), each retried with the same retry count. */
  | { readonly kind: "bisect"; readonly splitAt: number }
  /** Give up on the first `count` records (send them to the destination when there is one, then commit them). */
  | {
      readonly kind: "discard";
      readonly condition: DiscardCondition;
      readonly count: number;
      readonly toDestination: boolean;
    };

/**
 * The effective retry limit: Infinity, or a count.
 *
 * @example
 * effectiveRetryLimit({ maximumRetryAttempts: -1, hasOnFailureDestination: true }); // 10
 */
export function effectiveRetryLimit(
  settings: Pick<RetrySettings, "maximumRetryAttempts" | "hasOnFailureDestination">,
): number {
  if (settings.maximumRetryAttempts !== -1) return settings.maximumRetryAttempts;
  return settings.hasOnFailureDestination ? INFINITE_RETRIES_WITH_DESTINATION : Number.POSITIVE_INFINITY;
}

/**
 * How many leading records are older than the maximum record age at `nowMs` (0 when there is no limit).
 *
 * @example
 * expiredPrefixLength([0, 1_000, 90_000], 100_000, 60); // 2
 */
export function expiredPrefixLength(
  recordTimestampsMs: readonly number[],
  nowMs: number,
  maximumRecordAgeInSeconds: number,
): number {
  if (maximumRecordAgeInSeconds === -1) return 0;
  const limitMs = maximumRecordAgeInSeconds * 1000;
  let count = 0;
  while (count < recordTimestampsMs.length && nowMs - (recordTimestampsMs[count] as number) > limitMs)
    count += 1;
  return count;
}

/**
 * The backoff before retry number `retry` (from 1), jittered by `random()` in [0, 1).
 *
 * @example
 * backoffDelayMs(3, DEFAULT_BACKOFF, () => 0); // 1_000: half of the 2 s ceiling
 */
export function backoffDelayMs(retry: number, backoff: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Decides what to do with a failed batch.
 *
 * @example
 * decideRetry(
 *   { retries: 0, recordTimestampsMs: [Date.now()], failure: "function-error" },
 *   { maximumRetryAttempts: 2, maximumRecordAgeInSeconds: -1, bisectBatchOnFunctionError: false,
 *     hasOnFailureDestination: true },
 *   { nowMs: Date.now(), random: Math.random },
 * ); // { kind: "retry", retry: 1, delayMs: 250..499 }
 */
export function decideRetry(
  batch: FailedBatch,
  settings: RetrySettings,
  clock: { readonly nowMs: number; readonly random: () => number; readonly backoff?: BackoffSettings },
): RetryDecision {
  const size = batch.recordTimestampsMs.length;
  const toDestination = settings.hasOnFailureDestination;
  const expired = expiredPrefixLength(
    batch.recordTimestampsMs,
    clock.nowMs,
    settings.maximumRecordAgeInSeconds,
  );
  if (expired > 0) return { kind: "discard", condition: "RecordAgeExceeded", count: expired, toDestination };
  if (settings.bisectBatchOnFunctionError && batch.failure === "function-error" && size > 1) {
    return { kind: "bisect", splitAt: Math.ceil(size / 2) };
  }
  if (batch.retries >= effectiveRetryLimit(settings)) {
    return { kind: "discard", condition: "RetryAttemptsExhausted", count: size, toDestination };
  }
  const retry = batch.retries + 1;
  return {
    kind: "retry",
    retry,
    delayMs: backoffDelayMs(retry, clock.backoff ?? DEFAULT_BACKOFF, clock.random),
  };
}
