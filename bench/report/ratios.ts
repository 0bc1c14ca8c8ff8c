import type { BenchResult } from "./result.ts";

/** A stage's best figure against the ceiling it is compared with. */
export interface StageRatio {
  readonly stage: string;
  readonly figure: number;
  readonly unit: string;
  readonly ceiling: string;
  readonly ceilingFigure: number;
  readonly ratio: number;
}

const best = <T>(rows: readonly T[] | undefined, of: (row: T) => number): number | undefined =>
  rows?.length ? Math.max(...rows.map(of)) : undefined;

/**
 * Each measured stage's best figure as a ratio of its ceiling from the same run.
 *
 * @example
 * for (const { stage, ratio } of stageRatios(result)) console.log(stage, ratio);
 */
export function stageRatios(result: Pick<BenchResult, "ceilings" | "stages" | "endToEnd">): StageRatio[] {
  const rows: StageRatio[] = [];
  const { kafka, cassandra } = result.ceilings;
  const push = (
    stage: string,
    figure: number | undefined,
    unit: string,
    ceiling: string,
    ceilingFigure?: number,
  ) => {
    if (figure !== undefined && ceilingFigure) {
      rows.push({ stage, figure, unit, ceiling, ceilingFigure, ratio: figure / ceilingFigure });
    }
  };
  const source = result.stages.source?.at(-1);
  if (source) {
    push(
      `source (${source.results}/page)`,
      source.source.usersPerSecond,
      "users/s",
      "same-size trivial HTTP server",
      source.ceiling.usersPerSecond,
    );
  }
  push(
    "ingest → Kafka",
    best(result.stages.ingest, (row) => row.usersPerSecond),
    "users/s",
    "Kafka produce",
    kafka?.produceRecordsPerSecond,
  );
  push(
    "Kafka → mapping → no-op",
    best(result.stages.mapping, (row) => row.recordsPerSecond),
    "records/s",
    "Kafka consume",
    kafka?.consumeRecordsPerSecond,
  );
  push(
    "Spark (burst drain)",
    result.stages.spark?.burst.processedPerSecond,
    "records/s",
    "Kafka consume",
    kafka?.consumeRecordsPerSecond,
  );
  push(
    "mapping → sink → Cassandra",
    result.stages.sink?.throughMappingUsersPerSecond,
    "users/s",
    "Cassandra driver loop",
    cassandra?.usersPerSecond,
  );
  push(
    "end to end (sustained)",
    result.endToEnd?.sustainedUsersPerSecond,
    "users/s",
    "Cassandra driver loop",
    cassandra?.usersPerSecond,
  );
  return rows;
}
