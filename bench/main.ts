/**
 * The pipeline benchmark: the raw ceilings (Kafka produce/consume at our record size, Cassandra from a plain driver
 * loop), each stage against its ceiling, and the end to end at rising offered load, in one run on the native stack.
 * Brings up the services it needs (schedule off) and stops those it started. Writes bench/results/<timestamp>.json
 * and .md (with Mermaid charts) and prints a summary. Not part of the test suite.
 *
 * Run: npm run bench [-- --quick] [-- --only ceilings,source,ingest,mapping,sink,spark,e2e]
 */
import { mkdir, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { defaultConsumerGroupId } from "../infra/esm/identity.ts";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { serviceDir } from "../infra/stack/service.ts";
import { cassandra, cassandraClient } from "../infra/stack/services/cassandra.ts";
import { functions, localLambdaClient } from "../infra/stack/services/functions.ts";
import { bootstrapServersOf, kafka } from "../infra/stack/services/kafka.ts";
import { moto } from "../infra/stack/services/moto.ts";
import { source } from "../infra/stack/services/source.ts";
import { spark, sparkPaths } from "../infra/stack/services/spark.ts";
import { type CassandraCeilings, cassandraCeilings } from "./ceilings/cassandra.ts";
import { type KafkaCeilings, kafkaCeilings } from "./ceilings/kafka.ts";
import { awaitSinkCaughtUp, progressProbe } from "./end-to-end/progress.ts";
import { type EndToEndResult, endToEnd } from "./end-to-end/run.ts";
import { FULL_PLAN, QUICK_PLAN } from "./plan.ts";
import { goalsOf } from "./report/goals.ts";
import { markdownReport } from "./report/markdown.ts";
import type { BenchResult } from "./report/result.ts";
import { summaryLines } from "./report/summary.ts";
import { ingestStage } from "./stages/ingest.ts";
import { mappingStage } from "./stages/mapping.ts";
import { sinkStage } from "./stages/sink.ts";
import { sourceStage } from "./stages/source.ts";
import { sparkStage } from "./stages/spark.ts";
import { rawUserValues } from "./support/kafka.ts";
import { currentLoad, machineFacts } from "./support/machine.ts";
import { serviceManager } from "./support/services.ts";

const STAGES = ["ceilings", "source", "ingest", "mapping", "sink", "spark", "e2e"] as const;
type Stage = (typeof STAGES)[number];

const optionsSchema = z.strictObject({
  quick: z.boolean(),
  only: z
    .string()
    .transform((list) => list.split(",").map((stage) => stage.trim()))
    .pipe(z.array(z.enum(STAGES)).min(1)),
});

const { values } = parseArgs({
  strict: true,
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string", default: STAGES.join(",") },
  },
});
const parsedOptions = optionsSchema.safeParse(values);
if (!parsedOptions.success) {
  process.stderr.write(`bench: ${z.prettifyError(parsedOptions.error)}\n`);
  process.exit(2);
}
const { quick, only } = parsedOptions.data;
const selected = new Set<Stage>(only);
const plan = quick ? QUICK_PLAN : FULL_PLAN;
const log = (line: string) => stderrReport("bench", line);

const RAW_TOPIC = "users.raw";
const PROCESSED_TOPIC = "users.processed";
const INGEST_FUNCTION = "realtime-data-streaming-local-ingest";
const SINK_GROUP = defaultConsumerGroupId("realtime-data-streaming", "local", "sink", PROCESSED_TOPIC);

// Scheduled ingests would add users the run did not offer.
const config = loadStackConfig({ ...process.env, STACK_FUNCTIONS_SCHEDULE_ENABLED: "false" });
const brokers = bootstrapServersOf(config);
const sourceUrl = `http://127.0.0.1:${config.source.port}/api/`;
const services = serviceManager(config, stderrReport);
const startLoad = currentLoad();
const startedAt = new Date().toISOString();
const errors: BenchResult["errors"] = [];
const stages: BenchResult["stages"] = {};
const ceilings: { kafka?: KafkaCeilings; cassandra?: CassandraCeilings } = {};
let e2e: EndToEndResult | undefined;

/** Runs one part; a failure is recorded and the run goes on with the next part. */
async function part(name: string, run: () => Promise<void>): Promise<void> {
  log(`${name}…`);
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    errors.push({ stage: name, error: message });
    log(`${name} failed: ${message}`);
  }
}

const needsKafkaCeiling = ["ceilings", "ingest", "mapping", "spark"].some((s) => selected.has(s as Stage));
const needsCassandraCeiling = ["ceilings", "sink", "e2e"].some((s) => selected.has(s as Stage));
const client = needsCassandraCeiling ? cassandraClient(config, "user_stream") : undefined;

try {
  if (needsKafkaCeiling) {
    await part("Kafka ceiling", async () => {
      await services.need([kafka, source]);
      ceilings.kafka = await kafkaCeilings(
        brokers,
        await rawUserValues(sourceUrl, 500),
        plan.kafkaRecords,
        config.kafka.partitions.raw,
      );
    });
  }
  if (needsCassandraCeiling && client) {
    await part("Cassandra ceiling", async () => {
      await services.need([cassandra]);
      ceilings.cassandra = await cassandraCeilings(client, plan.cassandraUsers);
    });
  }
  if (selected.has("source")) {
    await part("source", async () => {
      stages.source = await sourceStage(plan.source);
    });
  }
  if (selected.has("ingest") && ceilings.kafka) {
    const produceCeiling = ceilings.kafka.produceRecordsPerSecond;
    await part("ingest", async () => {
      await services.need([kafka, source]);
      stages.ingest = await ingestStage({
        brokers,
        sourceUrl,
        partitions: config.kafka.partitions.raw,
        produceCeiling,
        scenarios: plan.ingest,
      });
    });
  }
  if (selected.has("mapping") && ceilings.kafka) {
    const { topic, records, consumeRecordsPerSecond } = ceilings.kafka;
    await part("mapping", async () => {
      stages.mapping = await mappingStage({
        brokers,
        topic,
        records,
        batchSizes: plan.mappingBatchSizes,
        consumeCeiling: consumeRecordsPerSecond,
      });
    });
  }
  if (selected.has("sink") && ceilings.cassandra && client) {
    const ceiling = ceilings.cassandra.usersPerSecond;
    await part("sink", async () => {
      // The functions read their Kafka and Cassandra credentials from the AWS endpoint (moto).
      await services.need([kafka, cassandra, moto, functions]);
      stages.sink = await sinkStage({
        client,
        brokers,
        processedTopic: PROCESSED_TOPIC,
        users: plan.sink.users,
        timeoutMs: plan.sink.timeoutMs,
        writeConcurrency: 64,
        ceilingUsersPerSecond: ceiling,
      });
    });
  }
  if (selected.has("spark") && ceilings.kafka) {
    const consumeCeiling = ceilings.kafka.consumeRecordsPerSecond;
    await part("spark", async () => {
      await services.need([kafka, spark]);
      stages.spark = await sparkStage({
        brokers,
        rawTopic: RAW_TOPIC,
        processedTopic: PROCESSED_TOPIC,
        progressDir: sparkPaths(serviceDir(config, "spark")).progress,
        ...plan.spark,
        consumeCeiling,
      });
    });
  }
  if (selected.has("e2e") && client) {
    await part("end to end", async () => {
      await services.need([kafka, cassandra, moto, source, functions, spark]);
      const behind = await awaitSinkCaughtUp(
        brokers,
        PROCESSED_TOPIC,
        SINK_GROUP,
        plan.endToEnd.drainTimeoutMs,
      );
      if (behind > 0)
        log(`the sink is still ${behind} records behind from before the run; they count as lag`);
      const probe = await progressProbe(brokers, RAW_TOPIC, PROCESSED_TOPIC, SINK_GROUP);
      const lambda = localLambdaClient(config);
      try {
        e2e = await endToEnd({
          lambda,
          ingestFunction: INGEST_FUNCTION,
          sourceUrl,
          cassandra: client,
          probe,
          ...plan.endToEnd,
          maxInFlight: 3,
          lagGrowthTolerance: 0.15,
          log,
        });
      } finally {
        lambda.destroy();
        await probe.close();
      }
    });
  }
} finally {
  await client?.shutdown();
  if (services.started.length) log(`stopping what the run started: ${services.started.join(", ")}`);
  await services.stopStarted();
}

const onePerRequest = stages.ingest?.filter((row) => row.resultsPerRequest === 1) ?? [];
const result: BenchResult = {
  benchmark: "pipeline",
  startedAt,
  finishedAt: new Date().toISOString(),
  quick,
  machine: machineFacts(config, startLoad),
  ceilings,
  stages,
  ...(e2e ? { endToEnd: e2e } : {}),
  seedClaim: {
    requestsPerMinute: 50_000,
    oursRequestsPerMinute: onePerRequest.length
      ? Math.max(...onePerRequest.map((row) => row.requestsPerMinute))
      : null,
    oursUsersPerMinute: e2e ? e2e.sustainedUsersPerSecond * 60 : null,
  },
  goals: goalsOf({ stages, ...(e2e ? { endToEnd: e2e } : {}) }),
  errors,
};
const dir = resolve(import.meta.dirname, "results");
await mkdir(dir, { recursive: true });
const base = resolve(dir, startedAt.replace(/[:.]/g, "-"));
await writeFile(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
await writeFile(`${base}.md`, markdownReport(result));
process.stdout.write(`${summaryLines(result).join("\n")}\nwrote ${base}.json and ${base}.md\n`);
process.exit(errors.length ? 1 : 0);
