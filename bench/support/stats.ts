/**
 * The value at percentile `p` (0–100) of ascending `sorted` values (nearest rank); NaN when there are none.
 *
 * @example
 * percentile([1, 2, 3, 4], 50); // 3
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/**
 * `value` rounded to `digits` decimals (a number, for JSON).
 *
 * @example
 * round(2 / 3, 2); // 0.67
 */
export function round(value: number, digits = 0): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

/**
 * Events per second of `count` events over `ms` milliseconds, rounded.
 *
 * @example
 * perSecond(5_000, 2_000); // 2500
 */
export function perSecond(count: number, ms: number): number {
  return ms > 0 ? Math.round((count / ms) * 1000) : 0;
}

/** p50/p95/p99 and max of a set of latencies, in ms. */
export interface Percentiles {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * The usual percentiles of unsorted `values`.
 *
 * @example
 * percentiles([120, 80, 100]); // { samples: 3, p50: 100, p95: 120, p99: 120, max: 120 }
 */
export function percentiles(values: readonly number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}
