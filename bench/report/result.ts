import type { CassandraCeilings } from "../ceilings/cassandra.ts";
import type { KafkaCeilings } from "../ceilings/kafka.ts";
import type { EndToEndResult } from "../end-to-end/run.ts";
import type { IngestResult } from "../stages/ingest.ts";
import type { MappingResult } from "../stages/mapping.ts";
import type { SinkResult } from "../stages/sink.ts";
import type { SourceScenario } from "../stages/source.ts";
import type { SparkResult } from "../stages/spark.ts";
import type { MachineFacts } from "../support/machine.ts";

/** A goal of issue 9 and whether this run met it. */
export interface Goal {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  /** null when the run did not measure it. */
  readonly met: boolean | null;
}

/** Everything one `npm run bench` measured; written as bench/results/<timestamp>.json. */
export interface BenchResult {
  readonly benchmark: "pipeline";
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly quick: boolean;
  readonly machine: MachineFacts;
  readonly ceilings: { kafka?: KafkaCeilings; cassandra?: CassandraCeilings };
  readonly stages: {
    source?: SourceScenario[];
    ingest?: IngestResult[];
    mapping?: MappingResult[];
    spark?: SparkResult;
    sink?: SinkResult;
  };
  readonly endToEnd?: EndToEndResult;
  readonly seedClaim: {
    requestsPerMinute: number;
    oursRequestsPerMinute: number | null;
    oursUsersPerMinute: number | null;
  };
  readonly goals: Goal[];
  /** Stages that failed, with the error; the rest of the run went on. */
  readonly errors: { stage: string; error: string }[];
}
