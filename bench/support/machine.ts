import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, release, totalmem } from "node:os";
import type { StackConfig } from "../../infra/stack/config.ts";
import { round } from "./stats.ts";

/** What the figures were measured on. */
export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly kernel: string;
  readonly node: string;
  readonly versions: { kafka: string; cassandra: string; spark: string; cassandraDriver: string };
  readonly sparkMaster: string;
  readonly gitCommit: string | null;
  /** 1, 5 and 15-minute load averages when the run started and when it ended (the machine may be shared). */
  readonly loadAverage: { start: number[]; end: number[] };
}

const commit = (): string | null => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
};

const packageVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), "utf8")) as {
      version: string;
    }
  ).version;

/** The current 1/5/15-minute load averages, two decimals. */
export const currentLoad = (): number[] => loadavg().map((load) => round(load, 2));

/**
 * The machine's facts, with the load average at `startLoad` (taken when the run began) and now.
 *
 * @example
 * const start = currentLoad();
 * // … measure …
 * const facts = machineFacts(config, start);
 */
export function machineFacts(config: StackConfig, startLoad: number[]): MachineFacts {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    kernel: release(),
    node: process.version,
    versions: {
      kafka: config.kafka.version,
      cassandra: config.cassandra.version,
      spark: config.spark.version,
      cassandraDriver: packageVersion("cassandra-driver"),
    },
    sparkMaster: config.spark.master,
    gitCommit: commit(),
    loadAverage: { start: startLoad, end: currentLoad() },
  };
}
