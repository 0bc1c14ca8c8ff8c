import type { BenchResult, Goal } from "./result.ts";

/** The seed project's unmeasured claim: 50,000 API requests per minute. */
export const SEED_CLAIM_REQUESTS_PER_MINUTE = 50_000;

const fmt = (value: number) => Math.round(value).toLocaleString("en-US");

/**
 * The issue's goals against a run's figures: end to end ≥ 10,000 users/s sustained with p99 ≤ 5 s; sink ≥ 70 % of
 * the Cassandra ceiling; mapping ≥ 100,000 records/s.
 *
 * @example
 * const goals = goalsOf(result); // [{ name: "end to end", target: "≥ 10,000 users/s, p99 ≤ 5 s", met: false, … }]
 */
export function goalsOf(result: Pick<BenchResult, "stages" | "endToEnd">): Goal[] {
  const e2e = result.endToEnd;
  const p99 = e2e?.latencyAtSustainedMs?.p99;
  const mapping = result.stages.mapping?.length
    ? Math.max(...result.stages.mapping.map((run) => run.recordsPerSecond))
    : undefined;
  const sink = result.stages.sink;
  return [
    {
      name: "end to end",
      target: "≥ 10,000 users/s sustained, p99 ≤ 5 s",
      measured: e2e
        ? `${fmt(e2e.sustainedUsersPerSecond)} users/s, p99 ${p99 === undefined ? "n/a" : `${(p99 / 1000).toFixed(1)} s`}`
        : "not measured",
      met: e2e ? e2e.sustainedUsersPerSecond >= 10_000 && p99 !== undefined && p99 <= 5_000 : null,
    },
    {
      name: "sink",
      target: "≥ 70 % of the Cassandra ceiling",
      measured: sink
        ? `${fmt(sink.throughMappingUsersPerSecond)} users/s, ${(sink.ratioToCeiling * 100).toFixed(0)} %`
        : "not measured",
      met: sink ? sink.ratioToCeiling >= 0.7 : null,
    },
    {
      name: "mapping",
      target: "≥ 100,000 records/s",
      measured: mapping === undefined ? "not measured" : `${fmt(mapping)} records/s`,
      met: mapping === undefined ? null : mapping >= 100_000,
    },
  ];
}
