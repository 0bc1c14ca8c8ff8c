import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  DEFAULT_BACKOFF,
  decideRetry,
  effectiveRetryLimit,
  expiredPrefixLength,
  type FailedBatch,
  type RetrySettings,
} from "../../../../infra/esm/retry-policy.ts";

const NOW = 1_700_000_000_000;
const defaults: RetrySettings = {
  maximumRetryAttempts: -1,
  maximumRecordAgeInSeconds: -1,
  bisectBatchOnFunctionError: false,
  hasOnFailureDestination: false,
};
const clock = { nowMs: NOW, random: () => 0 };
const failed = (overrides: Partial<FailedBatch> = {}): FailedBatch => ({
  retries: 0,
  recordTimestampsMs: [NOW - 1_000, NOW - 500],
  failure: "function-error",
  ...overrides,
});

describe("decideRetry", () => {
  it("retries for ever with AWS's defaults (-1, -1, no destination)", () => {
    expect(decideRetry(failed({ retries: 0 }), defaults, clock)).toEqual({
      kind: "retry",
      retry: 1,
      delayMs: 250,
    });
    expect(decideRetry(failed({ retries: 1_000_000 }), defaults, clock).kind).toBe("retry");
  });

  it("discards after maximumRetryAttempts retries, to the destination when there is one", () => {
    const settings = { ...defaults, maximumRetryAttempts: 2, hasOnFailureDestination: true };
    expect(decideRetry(failed({ retries: 1 }), settings, clock)).toMatchObject({ kind: "retry", retry: 2 });
    expect(decideRetry(failed({ retries: 2 }), settings, clock)).toEqual({
      kind: "discard",
      condition: "RetryAttemptsExhausted",
      count: 2,
      toDestination: true,
    });
  });

  it("discards without a destination too (the records are skipped)", () => {
    const settings = { ...defaults, maximumRetryAttempts: 0 };
    expect(decideRetry(failed(), settings, clock)).toEqual({
      kind: "discard",
      condition: "RetryAttemptsExhausted",
      count: 2,
      toDestination: false,
    });
  });

  it("caps infinite retries at 10 when an on-failure destination is configured", () => {
    const settings = { ...defaults, hasOnFailureDestination: true };
    expect(decideRetry(failed({ retries: 9 }), settings, clock)).toMatchObject({ kind: "retry", retry: 10 });
    expect(decideRetry(failed({ retries: 10 }), settings, clock)).toMatchObject({
      kind: "discard",
      condition: "RetryAttemptsExhausted",
    });
  });

  it("discards the leading records older than maximumRecordAgeInSeconds, before anything else", () => {
    const settings = { ...defaults, maximumRecordAgeInSeconds: 60, bisectBatchOnFunctionError: true };
    const batch = failed({ recordTimestampsMs: [NOW - 61_000, NOW - 60_001, NOW - 60_000, NOW - 70_000] });
    expect(decideRetry(batch, settings, clock)).toEqual({
      kind: "discard",
      condition: "RecordAgeExceeded",
      count: 2,
      toDestination: false,
    });
  });

  it("keeps records exactly at the maximum age", () => {
    const settings = { ...defaults, maximumRecordAgeInSeconds: 60 };
    expect(decideRetry(failed({ recordTimestampsMs: [NOW - 60_000] }), settings, clock).kind).toBe("retry");
  });

  it("bisects a failed batch of two or more on a function error, without consuming a retry", () => {
    const settings = { ...defaults, bisectBatchOnFunctionError: true, maximumRetryAttempts: 0 };
    const five = failed({ recordTimestampsMs: [NOW, NOW, NOW, NOW, NOW] });
    expect(decideRetry(five, settings, clock)).toEqual({ kind: "bisect", splitAt: 3 });
    expect(decideRetry(failed(), settings, clock)).toEqual({ kind: "bisect", splitAt: 1 });
    expect(decideRetry(failed({ recordTimestampsMs: [NOW] }), settings, clock)).toMatchObject({
      kind: "discard",
      condition: "RetryAttemptsExhausted",
      count: 1,
    });
  });

  it("does not bisect on an invocation error (the function never ran)", () => {
    const settings = { ...defaults, bisectBatchOnFunctionError: true };
    expect(decideRetry(failed({ failure: "invocation-error" }), settings, clock).kind).toBe("retry");
  });

  it("backs off exponentially between retries, with jitter, capped", () => {
    const retryDelay = (retries: number, random: number) =>
      decideRetry(failed({ retries }), defaults, { nowMs: NOW, random: () => random });
    expect(retryDelay(0, 0)).toMatchObject({ retry: 1, delayMs: 250 });
    expect(retryDelay(0, 0.999)).toMatchObject({ retry: 1, delayMs: 499 });
    expect(retryDelay(3, 0)).toMatchObject({ retry: 4, delayMs: 2_000 });
    expect(retryDelay(20, 0.999)).toMatchObject({ retry: 21, delayMs: 29_985 });
    const custom = decideRetry(failed(), defaults, {
      nowMs: NOW,
      random: () => 0,
      backoff: { baseDelayMs: 10, maxDelayMs: 10 },
    });
    expect(custom).toMatchObject({ delayMs: 5 });
  });
});

describe("helpers", () => {
  it.each([
    [{ maximumRetryAttempts: -1, hasOnFailureDestination: false }, Number.POSITIVE_INFINITY],
    [{ maximumRetryAttempts: -1, hasOnFailureDestination: true }, 10],
    [{ maximumRetryAttempts: 0, hasOnFailureDestination: true }, 0],
    [{ maximumRetryAttempts: 10_000, hasOnFailureDestination: false }, 10_000],
  ])("effectiveRetryLimit(%o) is %d", (settings, limit) => {
    expect(effectiveRetryLimit(settings)).toBe(limit);
  });

  it("expiredPrefixLength counts only the leading expired records", () => {
    expect(expiredPrefixLength([0, 1_000, 90_000], 100_000, 60)).toBe(2);
    expect(expiredPrefixLength([90_000, 0], 100_000, 60)).toBe(0);
    expect(expiredPrefixLength([0], 100_000_000, -1)).toBe(0);
    expect(expiredPrefixLength([], 1, 60)).toBe(0);
  });

  it("backoffDelayMs stays within [ceiling/2, ceiling)", () => {
    for (let retry = 1; retry <= 12; retry += 1) {
      const ceiling = Math.min(DEFAULT_BACKOFF.maxDelayMs, DEFAULT_BACKOFF.baseDelayMs * 2 ** (retry - 1));
      expect(backoffDelayMs(retry, DEFAULT_BACKOFF, () => 0)).toBe(ceiling / 2);
      expect(backoffDelayMs(retry, DEFAULT_BACKOFF, () => 0.999_999)).toBeLessThan(ceiling);
    }
  });
});
