import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Consumer, MessagesStreamModes, stringDeserializers } from "@platformatic/kafka";
import { endOffsets } from "../../test/support/kafka.ts";
import { benchProducer } from "../support/kafka.ts";
import { type Percentiles, percentiles, round } from "../support/stats.ts";

type Template = { user_id: string; ingested_at: string; user: { login: { uuid: string } } };

const TEMPLATES = readFileSync(
  new URL("../../test/fixtures/contract/users.raw.jsonl", import.meta.url),
  "utf8",
)
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Template);

/** Mean milliseconds per phase of a query's micro-batches (Spark's `durationMs`), over the batches seen. */
export interface QueryProfile {
  readonly query: string;
  readonly batches: number;
  readonly meanInputRows: number;
  readonly meanDurationMs: Record<string, number>;
}

export interface SparkResult {
  readonly steady: {
    readonly inputRecordsPerSecond: number;
    readonly sent: number;
    readonly processed: number;
    /** From the raw record's Kafka timestamp (this producer) to its processed record's (Spark's Kafka sink). */
    readonly latencyMs: Percentiles;
  };
  readonly burst: {
    readonly records: number;
    readonly processed: number;
    readonly drainSeconds: number;
    readonly processedPerSecond: number;
  };
  readonly ratioToKafkaConsumeCeiling: number;
  /** Where each query's micro-batch time went during the run (from the job's progress files). */
  readonly profile: QueryProfile[];
}

/** Collects every query's distinct micro-batch progress reports from the job's progress files (`<query>.json`). */
function progressCollector(progressDir: string) {
  const seen = new Map<string, Map<number, { numInputRows: number; durationMs: Record<string, number> }>>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const files = await readdir(progressDir).catch(() => [] as string[]);
      const queries = files
        .filter((file) => file.endsWith(".json"))
        .map((file) => file.slice(0, -".json".length));
      for (const query of queries) {
        try {
          const file = JSON.parse(await readFile(join(progressDir, `${query}.json`), "utf8")) as {
            progress?: { batchId: number; numInputRows: number; durationMs: Record<string, number> } | null;
          };
          const progress = file.progress;
          if (progress && progress.numInputRows > 0) {
            const batches = seen.get(query) ?? new Map();
            batches.set(progress.batchId, {
              numInputRows: progress.numInputRows,
              durationMs: progress.durationMs,
            });
            seen.set(query, batches);
          }
        } catch {
          // not written yet, or being replaced
        }
      }
      await sleep(250);
    }
  })();
  /** Stops collecting (idempotent) and summarises what was collected. */
  return async (): Promise<QueryProfile[]> => {
    running = false;
    await loop;
    return [...seen.keys()].sort().map((query) => {
      const batches = [...(seen.get(query)?.values() ?? [])];
      const phases = new Set(batches.flatMap((batch) => Object.keys(batch.durationMs)));
      const mean = (values: number[]) =>
        round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length));
      return {
        query,
        batches: batches.length,
        meanInputRows: mean(batches.map((batch) => batch.numInputRows)),
        meanDurationMs: Object.fromEntries(
          [...phases]
            .sort()
            .map((phase) => [phase, mean(batches.map((batch) => batch.durationMs[phase] ?? 0))]),
        ),
      };
    });
  };
}

/**
 * The Spark stage: raw users (the contract's fixtures with fresh ids) produced to `rawTopic` at a steady rate, the
 * latency Spark adds up to `processedTopic`; then how fast the job drains a burst; and where its micro-batches spend
 * their time. Needs the `spark` service running on those topics.
 *
 * @example
 * const spark = await sparkStage({ brokers, rawTopic: "users.raw", processedTopic: "users.processed", … });
 */
export async function sparkStage(options: {
  brokers: string[];
  rawTopic: string;
  processedTopic: string;
  progressDir: string;
  rate: number;
  seconds: number;
  burst: number;
  consumeCeiling: number;
}): Promise<SparkResult> {
  const { brokers, rawTopic, processedTopic } = options;
  const sentAt = new Map<string, number>();
  const processedAt = new Map<string, number>();
  const consumer = new Consumer({
    clientId: "bench-spark",
    groupId: `bench-spark-${randomUUID()}`,
    bootstrapBrokers: brokers,
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: 100,
  });
  const start = await endOffsets(brokers, processedTopic);
  const stream = await consumer.consume({
    topics: [processedTopic],
    mode: MessagesStreamModes.MANUAL,
    offsets: [...start].map(([partition, offset]) => ({ topic: processedTopic, partition, offset })),
  });
  const reading = (async () => {
    for await (const message of stream) {
      if (sentAt.has(message.key)) processedAt.set(message.key, Number(message.timestamp));
    }
  })();
  const producer = benchProducer(brokers);
  const stopProfiling = progressCollector(options.progressDir);

  const records = (count: number) => {
    const now = Date.now();
    return Array.from({ length: count }, (_, i) => {
      const template = TEMPLATES[i % TEMPLATES.length] as Template;
      const id = randomUUID();
      sentAt.set(id, now);
      const value = JSON.stringify({
        ...template,
        user_id: id,
        ingested_at: new Date(now).toISOString(),
        user: { ...template.user, login: { ...template.user.login, uuid: id } },
      });
      return { topic: rawTopic, key: id, value, timestamp: BigInt(now) };
    });
  };
  const waitFor = async (ids: string[], timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (ids.some((id) => !processedAt.has(id)) && Date.now() < deadline) await sleep(200);
  };

  try {
    const steadyIds: string[] = [];
    const tick = 100;
    const perTick = Math.max(1, Math.round((options.rate * tick) / 1000));
    const steadyStart = Date.now();
    for (let t = 0; t < (options.seconds * 1000) / tick; t++) {
      const batch = records(perTick);
      steadyIds.push(...batch.map((message) => message.key));
      await producer.send({ messages: batch });
      await sleep(Math.max(0, steadyStart + (t + 1) * tick - Date.now()));
    }
    await waitFor(steadyIds, 120_000);
    const latencies = steadyIds
      .filter((id) => processedAt.has(id))
      .map((id) => (processedAt.get(id) as number) - (sentAt.get(id) as number));

    const burstIds: string[] = [];
    const burstStart = Date.now();
    for (let sent = 0; sent < options.burst; sent += 1000) {
      const batch = records(Math.min(1000, options.burst - sent));
      burstIds.push(...batch.map((message) => message.key));
      await producer.send({ messages: batch });
    }
    await waitFor(burstIds, 300_000);
    const burstOut = burstIds.map((id) => processedAt.get(id)).filter((t): t is number => t !== undefined);
    const drainSeconds = (Math.max(...burstOut) - burstStart) / 1000;
    const processedPerSecond = Math.round(burstOut.length / drainSeconds);
    return {
      steady: {
        inputRecordsPerSecond: options.rate,
        sent: steadyIds.length,
        processed: latencies.length,
        latencyMs: percentiles(latencies),
      },
      burst: {
        records: options.burst,
        processed: burstOut.length,
        drainSeconds: round(drainSeconds, 2),
        processedPerSecond,
      },
      ratioToKafkaConsumeCeiling: round(processedPerSecond / options.consumeCeiling, 3),
      profile: await stopProfiling(),
    };
  } finally {
    await stopProfiling();
    await stream.close();
    await reading;
    await Promise.allSettled([consumer.close(true), producer.close()]);
  }
}
