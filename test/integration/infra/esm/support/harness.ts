import { randomUUID } from "node:crypto";
import { Admin, ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { afterEach, beforeEach } from "vitest";
import { type KafkaMapping, loadKafkaMappings } from "../../../../../infra/esm/config.ts";
import { type EsmEngine, startEngine } from "../../../../../infra/esm/engine.ts";
import { lambdaClientFor, lambdaInvoker } from "../../../../../infra/esm/invoker.ts";
import { type EsmLogger, silentLogger } from "../../../../../infra/esm/log.ts";
import type { MappingStatus } from "../../../../../infra/esm/mapping-runner.ts";
import { committedOffsets } from "../../../../../infra/pipeline/kafka-offsets.ts";
import { loadStackConfig } from "../../../../../infra/stack/config.ts";
import { bootstrapServersOf, ensureTopics } from "../../../../../infra/stack/services/kafka.ts";
import { type FakeLambda, startFakeLambda } from "./fake-lambda.ts";

/** Helpers shared by the engine's integration tests: topics, producing, mappings, running the engine. */

export const brokers = bootstrapServersOf(loadStackConfig());

/** A fresh topic with `partitions` partitions. */
export async function newTopic(prefix: string, partitions: number): Promise<string> {
  const name = `esm-test.${prefix}.${randomUUID().slice(0, 8)}`;
  const admin = new Admin({ clientId: "esm-test-admin", bootstrapBrokers: brokers, retryDelay: 100 });
  try {
    await ensureTopics(admin, [{ name, partitions }]);
  } finally {
    await admin.close();
  }
  return name;
}

export interface TestMessage {
  key?: string;
  value: string;
  partition: number;
  headers?: Record<string, string>;
}

/** Produces messages (in order) and waits for the acknowledgement. */
export async function produce(topic: string, messages: readonly TestMessage[]): Promise<void> {
  const producer = new Producer({
    clientId: "esm-test-producer",
    bootstrapBrokers: brokers,
    // Idempotent: a send retried after a timeout must not duplicate records (the tests count them exactly).
    idempotent: true,
    acks: ProduceAcks.ALL,
    retryDelay: 100,
    serializers: stringSerializers,
  });
  try {
    for (let start = 0; start < messages.length; start += 1000) {
      await producer.send({
        messages: messages.slice(start, start + 1000).map((message) => ({
          topic,
          value: message.value,
          partition: message.partition,
          ...(message.key === undefined ? {} : { key: message.key }),
          ...(message.headers === undefined ? {} : { headers: message.headers }),
        })),
      });
    }
  } finally {
    await producer.close();
  }
}

/** `count` messages spread round-robin over `partitions`, values `{"n":<i>,"p":<partition>}`. */
export function numbered(count: number, partitions: number, from = 0): TestMessage[] {
  return Array.from({ length: count }, (_, index) => {
    const n = from + index;
    const partition = n % partitions;
    return { key: `k${n}`, value: JSON.stringify({ n, p: partition }), partition };
  });
}

/**
 * One mapping, as serverless.yml would declare it: a function `fn` of service `esm-test` with a kafka event on
 * `topic` (the event's keys overridable) and, optionally, a `custom.kafkaEventSourceMappings.fn` section.
 */
export function mappingFor(
  topic: string,
  event: Record<string, unknown> = {},
  settings?: Record<string, unknown>,
): KafkaMapping {
  const [mapping] = loadKafkaMappings({
    service: "esm-test",
    provider: { stage: "test", region: "us-east-1", timeout: 30 },
    functions: {
      fn: {
        events: [
          {
            kafka: {
              topic,
              bootstrapServers: brokers,
              // The test broker is plaintext: VPC settings alone mean "no SASL", as on AWS.
              accessConfigurations: { vpcSubnet: ["subnet-0local"], vpcSecurityGroup: ["sg-0local"] },
              consumerGroupId: `esm-test-${randomUUID().slice(0, 8)}`,
              ...event,
            },
          },
        ],
      },
    },
    ...(settings === undefined ? {} : { custom: { kafkaEventSourceMappings: { fn: settings } } }),
  });
  if (!mapping) throw new Error("no mapping");
  return mapping;
}

/** Starts the engine on one mapping against the fake Invoke API, with short retry backoffs. */
export async function runEngine(
  mapping: KafkaMapping,
  lambda: FakeLambda,
  options: { log?: EsmLogger; maxQueuedRecords?: number } = {},
): Promise<EsmEngine> {
  return startEngine({
    mappings: [mapping],
    invoke: lambdaInvoker(lambdaClientFor({ endpoint: lambda.endpoint })),
    log: options.log ?? silentLogger,
    statusIntervalMs: 0,
    shutdownTimeoutMs: 10_000,
    backoff: { baseDelayMs: 20, maxDelayMs: 100 },
    maxQueuedRecords: options.maxQueuedRecords,
  });
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function waitUntil(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Decodes an event record's value. */
export function decodeValue(record: { value?: string }): { n: number; p: number } {
  return JSON.parse(Buffer.from(record.value ?? "", "base64").toString("utf8")) as { n: number; p: number };
}

/** The (only) mapping's status once `check` holds for it (throws after `timeoutMs`). */
export async function statusWhen(
  engine: EsmEngine,
  check: (status: MappingStatus) => boolean,
  timeoutMs = 15_000,
): Promise<MappingStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [status] = (await engine.status()).mappings;
    if (status === undefined) throw new Error("no mapping running");
    if (check(status)) return status;
    if (Date.now() > deadline) throw new Error(`status never matched: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A logger that keeps its lines, for assertions. */
export function capturingLogger(): {
  log: EsmLogger;
  lines: { level: string; message: string; fields: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  return { lines, log: (level, message, fields = {}) => lines.push({ level, message, fields }) };
}

/** The committed offsets of a consumer group for a topic, read from the broker. */
export async function groupOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
  const admin = new Admin({ clientId: "esm-test-admin", bootstrapBrokers: brokers, retryDelay: 100 });
  try {
    return await committedOffsets(admin, groupId, topic);
  } finally {
    await admin.close();
  }
}

/** Per test: a fresh in-test Invoke API server, and the engine the test started, stopped afterwards. */
export interface EngineFixture {
  lambda: FakeLambda;
  engine: EsmEngine | undefined;
}

/**
 * Registers the hooks every engine test needs: a fake Lambda before each test; after it, the test's engine stopped
 * (if it set `fx.engine`) and the fake Lambda closed.
 *
 * @example
 * const fx = useEngineFixture();
 * it("...", async () => { fx.engine = await runEngine(mapping, fx.lambda); });
 */
export function useEngineFixture(): EngineFixture {
  const fx = {} as EngineFixture;
  beforeEach(async () => {
    fx.lambda = await startFakeLambda();
  });
  afterEach(async () => {
    await fx.engine?.stop();
    fx.engine = undefined;
    await fx.lambda.close();
  });
  return fx;
}
