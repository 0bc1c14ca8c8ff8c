/**
 * Spark stage benchmark: processed records/s and the latency Spark adds, from a raw record's Kafka timestamp (set by
 * this producer) to its processed record's Kafka timestamp (set by Spark's Kafka sink), at a steady input rate; then
 * the rate at which the job drains a burst.
 *
 * Run: npm run bench:spark -- [--rate 500] [--seconds 30] [--burst 20000]
 *      (brings up kafka and spark, uses the stack's users.raw and users.processed; writes bench/results/spark-*.json)
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { serviceDir } from "../infra/stack/service.ts";
import { bootstrapServersOf, kafka } from "../infra/stack/services/kafka.ts";
import { spark, sparkQueryStatus } from "../infra/stack/services/spark.ts";
import { up } from "../infra/stack/stack.ts";
import { endOffsets } from "../test/support/kafka.ts";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "500" },
    seconds: { type: "string", default: "30" },
    burst: { type: "string", default: "20000" },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const burst = Number(values.burst);
const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const templates = readFileSync("test/fixtures/contract/users.raw.jsonl", "utf8")
  .split("\n")
  .filter(Boolean)
  .map(
    (line) => JSON.parse(line) as { user_id: string; ingested_at: string; user: { login: { uuid: string } } },
  );

await up(config, [kafka, spark], stderrReport);

/** Raw send time (ms) by user id, and processed Kafka timestamp (ms) by user id. */
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
const start = await endOffsets(brokers, "users.processed");
const stream = await consumer.consume({
  topics: ["users.processed"],
  mode: MessagesStreamModes.MANUAL,
  offsets: [...start].map(([partition, offset]) => ({ topic: "users.processed", partition, offset })),
});
const reading = (async () => {
  for await (const message of stream) {
    if (sentAt.has(message.key)) processedAt.set(message.key, Number(message.timestamp));
  }
})();

const producer = new Producer({
  clientId: "bench-spark",
  bootstrapBrokers: brokers,
  acks: ProduceAcks.LEADER,
  serializers: stringSerializers,
});

function records(count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] as (typeof templates)[number];
    const id = randomUUID();
    const value = JSON.stringify({
      ...template,
      user_id: id,
      ingested_at: new Date(now).toISOString(),
      user: { ...template.user, login: { ...template.user.login, uuid: id } },
    });
    sentAt.set(id, now);
    return { topic: "users.raw", key: id, value, timestamp: BigInt(now) };
  });
}

async function waitFor(ids: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ids.some((id) => !processedAt.has(id)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

// Steady phase: `rate` records/s in 100 ms ticks.
stderrReport("bench", `steady: ${rate} records/s for ${seconds}s`);
const steadyIds: string[] = [];
const tick = 100;
const perTick = Math.max(1, Math.round((rate * tick) / 1000));
const steadyStart = Date.now();
for (let t = 0; t < (seconds * 1000) / tick; t++) {
  const batch = records(perTick);
  steadyIds.push(...batch.map((message) => message.key));
  await producer.send({ messages: batch });
  const next = steadyStart + (t + 1) * tick;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
}
await waitFor(steadyIds, 120_000);
const latencies = steadyIds
  .filter((id) => processedAt.has(id))
  .map((id) => (processedAt.get(id) as number) - (sentAt.get(id) as number))
  .sort((a, b) => a - b);
const steadyOut = steadyIds.map((id) => processedAt.get(id)).filter((t): t is number => t !== undefined);
const steady = {
  inputRate: rate,
  sent: steadyIds.length,
  processed: latencies.length,
  processedPerSecond: latencies.length / ((Math.max(...steadyOut) - Math.min(...steadyOut)) / 1000),
  latencyMs: {
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1),
  },
};
stderrReport("bench", `steady: ${JSON.stringify(steady)}`);

// Burst phase: `burst` records at once; how fast does the job drain them?
stderrReport("bench", `burst: ${burst} records`);
const burstIds: string[] = [];
const burstStart = Date.now();
for (let sent = 0; sent < burst; sent += 1000) {
  const batch = records(Math.min(1000, burst - sent));
  burstIds.push(...batch.map((message) => message.key));
  await producer.send({ messages: batch });
}
const produced = Date.now();
await waitFor(burstIds, 300_000);
const burstOut = burstIds.map((id) => processedAt.get(id)).filter((t): t is number => t !== undefined);
const drained = {
  records: burst,
  processed: burstOut.length,
  produceSeconds: (produced - burstStart) / 1000,
  drainSeconds: (Math.max(...burstOut) - burstStart) / 1000,
  processedPerSecond: burstOut.length / ((Math.max(...burstOut) - burstStart) / 1000),
};
stderrReport("bench", `burst: ${JSON.stringify(drained)}`);

const lastProgress = await sparkQueryStatus(serviceDir(config, "spark")).catch(
  (error: Error) => error.message,
);
await stream.close();
await reading;
await Promise.allSettled([consumer.close(true), producer.close()]);

const result = {
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, load: loadavg() },
  spark: config.spark,
  partitions: config.kafka.partitions,
  steady,
  burst: drained,
  lastProgress,
};
await mkdir("bench/results", { recursive: true });
const file = `bench/results/spark-${result.at.replace(/[:.]/g, "-")}.json`;
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
stderrReport("bench", `wrote ${file}`);
