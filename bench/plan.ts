import type { IngestScenario } from "./stages/ingest.ts";

/** How much each part of a run measures. */
export interface BenchPlan {
  readonly kafkaRecords: number;
  readonly cassandraUsers: number;
  readonly source: { pageSizes: number[]; concurrency: number; durationMs: number; warmupMs: number };
  readonly ingest: IngestScenario[];
  readonly mappingBatchSizes: number[];
  readonly sink: { users: number; timeoutMs: number };
  readonly spark: { rate: number; seconds: number; burst: number };
  readonly endToEnd: {
    loads: number[];
    stepSeconds: number;
    drainTimeoutMs: number;
    samplesPerInvocation: number;
  };
}

/** `--quick`: about a minute of measuring (a smoke run of every part, figures indicative only). */
export const QUICK_PLAN: BenchPlan = {
  kafkaRecords: 50_000,
  cassandraUsers: 5_000,
  source: { pageSizes: [1, 5000], concurrency: 8, durationMs: 1_000, warmupMs: 200 },
  ingest: [
    { resultsPerRequest: 5000, concurrency: 4, users: 50_000 },
    { resultsPerRequest: 1, concurrency: 32, users: 2_000 },
  ],
  mappingBatchSizes: [100, 1000],
  sink: { users: 5_000, timeoutMs: 90_000 },
  spark: { rate: 300, seconds: 8, burst: 5_000 },
  endToEnd: { loads: [500, 2_000], stepSeconds: 15, drainTimeoutMs: 30_000, samplesPerInvocation: 2 },
};

/** The full run: rising end-to-end load until the lag grows without bound (tens of minutes on 2 cores). */
export const FULL_PLAN: BenchPlan = {
  kafkaRecords: 200_000,
  cassandraUsers: 30_000,
  source: { pageSizes: [1, 100, 1000, 5000], concurrency: 8, durationMs: 4_000, warmupMs: 500 },
  ingest: [
    { resultsPerRequest: 5000, concurrency: 2, users: 200_000 },
    { resultsPerRequest: 5000, concurrency: 4, users: 300_000 },
    { resultsPerRequest: 1000, concurrency: 8, users: 300_000 },
    { resultsPerRequest: 100, concurrency: 16, users: 100_000 },
    { resultsPerRequest: 1, concurrency: 16, users: 10_000 },
    { resultsPerRequest: 1, concurrency: 64, users: 10_000 },
  ],
  mappingBatchSizes: [100, 1000],
  sink: { users: 30_000, timeoutMs: 300_000 },
  spark: { rate: 500, seconds: 30, burst: 20_000 },
  endToEnd: {
    loads: [500, 1_000, 2_000, 4_000, 7_000, 10_000, 14_000, 20_000, 28_000],
    stepSeconds: 30,
    drainTimeoutMs: 120_000,
    samplesPerInvocation: 4,
  },
};
