/**
 * Ingest benchmark: users/s and requests/s from the local Random User source into Kafka, at several page sizes and
 * concurrency levels, against the raw Kafka produce ceiling for the same records measured in the same run.
 *
 * Run: npm run bench:ingest   (brings up kafka and source; writes bench/results/ingest-<timestamp>.json)
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { Admin } from "@platformatic/kafka";
import { loadIngestEnv } from "../functions/ingest/config.ts";
import { ingest } from "../functions/ingest/ingest.ts";
import { parsePayload } from "../functions/ingest/payload.ts";
import { closeKafkaProducer, kafkaProducer } from "../functions/shared/kafka.ts";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { bootstrapServersOf, ensureTopics, kafka } from "../infra/stack/services/kafka.ts";
import { source } from "../infra/stack/services/source.ts";
import { up } from "../infra/stack/stack.ts";

const TOPIC = "bench.users.raw";
const DLQ = "bench.users.dlq";
const config = loadStackConfig();
const quick = process.argv.includes("--quick");

await up(config, [kafka, source], stderrReport);
process.env.KAFKA_BOOTSTRAP_SERVERS = bootstrapServersOf(config).join(",");
const admin = new Admin({ clientId: "bench", bootstrapBrokers: bootstrapServersOf(config) });
await ensureTopics(admin, [
  { name: TOPIC, partitions: config.kafka.partitions.raw },
  { name: DLQ, partitions: 1 },
]);
await admin.close();

const env = loadIngestEnv({ SOURCE_URL: `http://127.0.0.1:${config.source.port}/api/` });
const producer = kafkaProducer();

/** The raw ceiling: producing already-built records of the same size, with no fetching or validation. */
async function kafkaCeiling(records: number): Promise<number> {
  const response = await fetch(`${env.SOURCE_URL}?results=500&seed=ceiling`);
  const { results } = (await response.json()) as { results: { login: { uuid: string } }[] };
  const values = results.map((user) => JSON.stringify({ user_id: user.login.uuid, user }));
  const batch = 500;
  const started = performance.now();
  let sent = 0;
  const lane = async (lane: number) => {
    while (sent < records) {
      sent += batch;
      await producer.send({
        messages: values.map((value, i) => ({ topic: TOPIC, key: `${lane}-${sent}-${i}`, value })),
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => lane(i)));
  return (sent / (performance.now() - started)) * 1000;
}

interface Scenario {
  resultsPerRequest: number;
  concurrency: number;
  users: number;
}

const scenarios: Scenario[] = quick
  ? [
      { resultsPerRequest: 5000, concurrency: 4, users: 100_000 },
      { resultsPerRequest: 1, concurrency: 32, users: 3_000 },
    ]
  : [
      { resultsPerRequest: 5000, concurrency: 2, users: 200_000 },
      { resultsPerRequest: 5000, concurrency: 4, users: 300_000 },
      { resultsPerRequest: 1000, concurrency: 8, users: 300_000 },
      { resultsPerRequest: 100, concurrency: 16, users: 100_000 },
      { resultsPerRequest: 1, concurrency: 16, users: 10_000 },
      { resultsPerRequest: 1, concurrency: 64, users: 10_000 },
    ];

const ceiling = await kafkaCeiling(quick ? 100_000 : 300_000);
process.stderr.write(`kafka produce ceiling: ${Math.round(ceiling)} records/s\n`);

const results = [];
for (const scenario of scenarios) {
  const summary = await ingest(parsePayload({ ...scenario, seed: randomBytes(6).toString("hex") }, env), {
    usersTopic: TOPIC,
    deadLetterTopic: DLQ,
    send: async (messages) => {
      await producer.send({ messages });
    },
    remainingMs: () => 900_000,
    random: Math.random,
    newSeed: () => "unused",
    onRetry: () => {},
    onFailedRequest: (error) => process.stderr.write(`failed request: ${error.message}\n`),
  });
  const requestsPerSecond = Math.round((summary.requests / summary.durationMs) * 1000);
  const row = {
    ...scenario,
    usersPerSecond: summary.usersPerSecond,
    requestsPerSecond,
    ratioToKafkaCeiling: Number((summary.usersPerSecond / ceiling).toFixed(3)),
    produced: summary.produced,
    failedRequests: summary.failedRequests,
    durationMs: summary.durationMs,
  };
  results.push(row);
  process.stderr.write(
    `results=${scenario.resultsPerRequest} concurrency=${scenario.concurrency}: ${row.usersPerSecond} users/s, ` +
      `${requestsPerSecond} requests/s (${(row.ratioToKafkaCeiling * 100).toFixed(0)}% of the Kafka ceiling)\n`,
  );
}
await closeKafkaProducer();

const report = {
  benchmark: "ingest",
  at: new Date().toISOString(),
  machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  kafkaCeilingRecordsPerSecond: Math.round(ceiling),
  results,
};
await mkdir("bench/results", { recursive: true });
const file = `bench/results/ingest-${report.at.replace(/[:.]/g, "-")}.json`;
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.table(results);
process.stderr.write(`written to ${file}\n`);
