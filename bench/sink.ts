/**
 * Sink benchmark: rows/s stored in Cassandra through the Kafka mapping (serverless-offline + infra/esm + the sink
 * function), against the raw ceiling measured in the same run: a plain cassandra-driver loop upserting the same rows
 * (one request per upsert with executeConcurrent, and unlogged batches grouped by partition key), and the sink's own
 * writer called directly.
 *
 * Run: npm run bench:sink [-- --users N]   (brings up kafka, cassandra and functions; writes bench/results/sink-*.json)
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { type Client, concurrent } from "cassandra-driver";
import { statementsFor, writeRows } from "../functions/sink/writer.ts";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { cassandra, cassandraClient } from "../infra/stack/services/cassandra.ts";
import { functions } from "../infra/stack/services/functions.ts";
import { bootstrapServersOf, kafka } from "../infra/stack/services/kafka.ts";
import { up } from "../infra/stack/stack.ts";
import { storedCount, usersOfNewCountry } from "../test/support/processed-users.ts";

const { values } = parseArgs({ options: { users: { type: "string", default: "30000" } } });
const N = Number(values.users);
const config = loadStackConfig({ ...process.env, STACK_FUNCTIONS_SCHEDULE_ENABLED: "false" });
await up(config, [kafka, cassandra, functions], stderrReport);
const client = cassandraClient(config, "user_stream");

const users = (prefix: string) => usersOfNewCountry(N, prefix).users;
const count = (country: string) => storedCount(client, country);

/** Ceiling A: a plain driver loop, one request per upsert (executeConcurrent, 64 in flight). */
async function concurrentCeiling(db: Client): Promise<number> {
  const statements = users("A").flatMap((user) => statementsFor({ kind: "user", user }));
  const started = performance.now();
  await concurrent.executeConcurrent(db, statements, { concurrencyLevel: 64, raiseOnFirstError: true });
  return (N / (performance.now() - started)) * 1000;
}

/** The sink's own writer, called directly with batches of 1,000 users as the mapping delivers them. */
async function writerRate(db: Client): Promise<number> {
  const rows = users("W").map((user) => ({ kind: "user" as const, user }));
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 1000) await writeRows(db, rows.slice(i, i + 1000), 64);
  return (N / (performance.now() - started)) * 1000;
}

/**
 * Ceiling B: the same upserts as unlogged batches grouped by partition key (50 users_by_country rows of one country
 * per batch; the users rows are single-row partitions, so they go one by one), 64 requests in flight.
 */
async function batchCeiling(db: Client): Promise<number> {
  const statements = users("C").flatMap((user) => statementsFor({ kind: "user", user }));
  const single = statements.filter((s) => s.query.startsWith("INSERT INTO users "));
  const grouped = statements.filter((s) => s.query.startsWith("INSERT INTO users_by_country "));
  const requests: (() => Promise<unknown>)[] = [
    ...single.map((s) => () => db.execute(s.query, s.params, { prepare: true })),
    ...Array.from(
      { length: Math.ceil(grouped.length / 50) },
      (_, i) => () => db.batch(grouped.slice(i * 50, i * 50 + 50), { prepare: true, logged: false }),
    ),
  ];
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next] as () => Promise<unknown>;
      next += 1;
      await request();
    }
  };
  await Promise.all(Array.from({ length: 64 }, lane));
  return (N / (performance.now() - started)) * 1000;
}

/** Through the mapping: produce to users.processed, time until every row is stored. */
async function throughMapping(): Promise<number> {
  const { country, users: list } = usersOfNewCountry(N, "M");
  const producer = new Producer({
    clientId: "bench-sink",
    bootstrapBrokers: bootstrapServersOf(config),
    idempotent: true,
    acks: ProduceAcks.ALL,
    serializers: stringSerializers,
  });
  const started = performance.now();
  for (let i = 0; i < list.length; i += 500) {
    await producer.send({
      messages: list
        .slice(i, i + 500)
        .map((u) => ({ topic: "users.processed", key: u.user_id, value: JSON.stringify(u) })),
    });
  }
  await producer.close();
  while ((await count(country)) < N) await sleep(200);
  return (N / (performance.now() - started)) * 1000;
}

const concurrentRate = await concurrentCeiling(client);
const batchRate = await batchCeiling(client);
const ceiling = Math.max(concurrentRate, batchRate);
const writer = await writerRate(client);
const mappingRate = await throughMapping();
await client.shutdown();

const report = {
  benchmark: "sink",
  at: new Date().toISOString(),
  machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
  users: N,
  ceilingExecuteConcurrentUsersPerSecond: Math.round(concurrentRate),
  ceilingUnloggedBatchUsersPerSecond: Math.round(batchRate),
  sinkWriterUsersPerSecond: Math.round(writer),
  throughMappingUsersPerSecond: Math.round(mappingRate),
  ratioToCeiling: Number((mappingRate / ceiling).toFixed(3)),
};
await mkdir("bench/results", { recursive: true });
const file = `bench/results/sink-${report.at.replace(/[:.]/g, "-")}.json`;
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(report);
process.stderr.write(`written to ${file}\n`);
process.exit(0);
