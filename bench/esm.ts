/**
 * Kafka event-source-mapping engine benchmark: records/s and CPU-seconds per 100k records through one mapping to a
 * no-op function (an in-process Lambda Invoke API answering `{}`), at batchSize 100 and 1,000, against the raw
 * ceiling of a plain @platformatic/kafka consumer reading the same topic in the same run. The engine's figure
 * includes the in-process Invoke API server's CPU (it shares the process).
 *
 * Run: npm exec -- node bench/esm.ts [--records N] [--partitions P]   (brings up kafka; writes bench/results/esm-<timestamp>.json)
 */
import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, totalmem } from "node:os";
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringSerializers,
} from "@platformatic/kafka";
import { loadKafkaMappings } from "../infra/esm/config.ts";
import { startEngine } from "../infra/esm/engine.ts";
import { lambdaClientFor, lambdaInvoker } from "../infra/esm/invoker.ts";
import { silentLogger } from "../infra/esm/log.ts";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { bootstrapServersOf, ensureTopics, kafka } from "../infra/stack/services/kafka.ts";
import { up } from "../infra/stack/stack.ts";

const argument = (name: string, fallback: number): number => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const RECORDS = argument("--records", 200_000);
const PARTITIONS = argument("--partitions", 6);
const VALUE_BYTES = 200;

const config = loadStackConfig();
await up(config, [kafka], stderrReport);
const brokers = bootstrapServersOf(config);
const topic = `bench.esm.${randomUUID().slice(0, 8)}`;

const admin = new Admin({ clientId: "bench-esm", bootstrapBrokers: brokers });
await ensureTopics(admin, [{ name: topic, partitions: PARTITIONS }]);
await admin.close();

// ---- produce the records once ----
{
  const producer = new Producer({
    clientId: "bench-esm",
    bootstrapBrokers: brokers,
    // Idempotent: a retried send must not duplicate records (the engine's count is checked against RECORDS).
    idempotent: true,
    acks: ProduceAcks.ALL,
    serializers: stringSerializers,
  });
  const filler = "x".repeat(VALUE_BYTES - 40);
  for (let start = 0; start < RECORDS; start += 2_000) {
    const count = Math.min(2_000, RECORDS - start);
    await producer.send({
      messages: Array.from({ length: count }, (_, i) => ({
        topic,
        key: `k${start + i}`,
        value: JSON.stringify({ n: start + i, filler }),
        partition: (start + i) % PARTITIONS,
      })),
    });
  }
  await producer.close();
}

interface Result {
  readonly name: string;
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly cpuSecondsPer100k: number;
  readonly invocations?: number;
  /** Engine only: connecting, pinning offsets and joining the group (included in `seconds`). */
  readonly startSeconds?: number;
  readonly recordsPerSecondAfterStart?: number;
}

function measure(name: string, records: number, startedAt: number, cpu: NodeJS.CpuUsage, extra = {}): Result {
  const seconds = (performance.now() - startedAt) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    name,
    records,
    seconds: Number(seconds.toFixed(3)),
    recordsPerSecond: Math.round(records / seconds),
    cpuSecondsPer100k: Number((((used.user + used.system) / 1e6) * (100_000 / records)).toFixed(3)),
    ...extra,
  };
}

/** The ceiling: a plain consumer reading every record from the earliest offset, doing nothing with them. */
async function rawCeiling(): Promise<Result> {
  const consumer = new Consumer({
    clientId: "bench-esm-raw",
    groupId: `bench-esm-raw-${randomUUID()}`,
    bootstrapBrokers: brokers,
    autocommit: false,
    maxWaitTime: 500,
    retryDelay: 100,
  });
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST });
  let seen = 0;
  for await (const _message of stream) {
    seen += 1;
    if (seen >= RECORDS) break;
  }
  const result = measure("raw consumer (ceiling)", seen, startedAt, cpu);
  await consumer.close(true);
  return result;
}

/** The engine on one mapping, invoking a no-op function through the Invoke API. */
async function engineRun(batchSize: number): Promise<Result> {
  let invocations = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      invocations += 1;
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mappings = loadKafkaMappings({
    service: "bench",
    provider: { stage: "bench", timeout: 30 },
    functions: {
      noop: {
        events: [
          {
            kafka: {
              topic,
              bootstrapServers: brokers,
              accessConfigurations: {
                saslPlainAuth: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:b"],
              },
              consumerGroupId: `bench-esm-${batchSize}-${randomUUID().slice(0, 8)}`,
              batchSize,
            },
          },
        ],
      },
    },
  });
  const client = lambdaClientFor({ endpoint });
  const startedAt = performance.now();
  const cpu = process.cpuUsage();
  const engine = await startEngine({
    mappings,
    invoke: lambdaInvoker(client),
    log: silentLogger,
    statusIntervalMs: 0,
  });
  const startSeconds = Number(((performance.now() - startedAt) / 1000).toFixed(3));
  const runner = engine.runners[0];
  while ((runner?.counters.records ?? 0) < RECORDS) await new Promise((resolve) => setTimeout(resolve, 2));
  const result = measure(`engine, batchSize ${batchSize}`, runner?.counters.records ?? 0, startedAt, cpu, {
    invocations,
    startSeconds,
    recordsPerSecondAfterStart: Math.round(RECORDS / ((performance.now() - startedAt) / 1000 - startSeconds)),
  });
  await engine.stop();
  client.destroy();
  server.closeAllConnections();
  server.close();
  return result;
}

const only = process.argv.includes("--engine-only");
const results: Result[] = [
  ...(only ? [] : [await rawCeiling()]),
  await engineRun(100),
  ...(only ? [] : [await engineRun(1_000)]),
];
const report = {
  benchmark: "esm",
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
  node: process.version,
  topic: { partitions: PARTITIONS, records: RECORDS, valueBytes: VALUE_BYTES },
  results,
};
console.table(results);
await mkdir(new URL("results/", import.meta.url), { recursive: true });
const file = new URL(`results/esm-${report.at.replaceAll(":", "-").replace(".", "-")}.json`, import.meta.url);
await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
console.log(`written to ${file.pathname}`);
