import { SEED_CLAIM_REQUESTS_PER_MINUTE } from "./goals.ts";
import { stageRatios } from "./ratios.ts";
import type { BenchResult } from "./result.ts";

const n = (value: number) => Math.round(value).toLocaleString("en-US");

/**
 * The few lines printed at the end of a run: machine facts, ceilings, each stage against its ceiling, end to end,
 * the seed's claim and the goals.
 *
 * @example
 * process.stdout.write(summaryLines(result).join("\n"));
 */
export function summaryLines(result: BenchResult): string[] {
  const m = result.machine;
  const lines = [
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, Kafka ${m.versions.kafka}, ` +
      `Cassandra ${m.versions.cassandra}, Spark ${m.versions.spark} (${m.sparkMaster}); load ${m.loadAverage.start.join("/")} → ${m.loadAverage.end.join("/")}`,
  ];
  const { kafka, cassandra } = result.ceilings;
  if (kafka) {
    lines.push(
      `ceiling: Kafka produce ${n(kafka.produceRecordsPerSecond)} records/s, consume ${n(kafka.consumeRecordsPerSecond)} records/s (${kafka.recordBytes} B)`,
    );
  }
  if (cassandra) lines.push(`ceiling: Cassandra ${n(cassandra.usersPerSecond)} users/s (2 upserts each)`);
  for (const r of stageRatios(result)) {
    lines.push(
      `stage: ${r.stage.padEnd(27)} ${n(r.figure).padStart(9)} ${r.unit.padEnd(9)} ${String(Math.round(r.ratio * 100)).padStart(3)} % of ${r.ceiling}`,
    );
  }
  const e2e = result.endToEnd;
  if (e2e) {
    const l = e2e.latencyAtSustainedMs;
    lines.push(
      `end to end: ${n(e2e.sustainedUsersPerSecond)} users/s sustained` +
        (l
          ? `, p50 ${(l.p50 / 1000).toFixed(1)} s p95 ${(l.p95 / 1000).toFixed(1)} s p99 ${(l.p99 / 1000).toFixed(1)} s`
          : ""),
    );
  }
  lines.push(
    `seed claim: ${n(SEED_CLAIM_REQUESTS_PER_MINUTE)} requests/min; ours ${result.seedClaim.oursRequestsPerMinute === null ? "not measured" : `${n(result.seedClaim.oursRequestsPerMinute)} requests/min`}` +
      (result.seedClaim.oursUsersPerMinute === null
        ? ""
        : `, ${n(result.seedClaim.oursUsersPerMinute)} users/min end to end`),
  );
  for (const goal of result.goals) {
    lines.push(
      `goal ${goal.name}: ${goal.target} — ${goal.measured} — ${goal.met === null ? "not measured" : goal.met ? "met" : "MISSED"}`,
    );
  }
  for (const error of result.errors) lines.push(`error in ${error.stage}: ${error.error}`);
  return lines;
}
