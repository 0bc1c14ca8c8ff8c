import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KafkaMapping, loadKafkaMappings } from "../../../../infra/esm/config.ts";
import { EngineConfigError } from "../../../../infra/esm/errors.ts";
import type { Invoker } from "../../../../infra/esm/invoker.ts";
import { KafkaCredentialsError } from "../../../../infra/esm/kafka-credentials.ts";
import { silentLogger } from "../../../../infra/esm/log.ts";
import { type MappingRunner, startMapping } from "../../../../infra/esm/mapping-runner.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import {
  bootstrapServersOf,
  ensureTopics,
  KAFKA_APP_USER,
  saslBootstrapServersOf,
} from "../../../../infra/stack/services/kafka.ts";
import { awsEndpointOf } from "../../../../infra/stack/services/moto.ts";
import { functionsSecurityEnv, kafkaSecretArnOf } from "../../../../infra/stack/services/secrets.ts";

const config = loadStackConfig();
const aws = awsEndpointOf(config);
const secrets = new SecretsManagerClient(aws);
const id = randomUUID();
const source = `it-esm-scram-${id}`;
const failed = `it-esm-scram-failed-${id}`;
const saved = { ...process.env };

function mappingWith(secretArn: string): KafkaMapping {
  const [mapping] = loadKafkaMappings({
    service: "it-scram",
    provider: { name: "aws", stage: "local", region: aws.region },
    functions: {
      fn: {
        handler: "handler.handler",
        events: [
          {
            kafka: {
              topic: source,
              bootstrapServers: saslBootstrapServersOf(config),
              accessConfigurations: { saslScram512Auth: [secretArn] },
              batchSize: 10,
              maximumBatchingWindow: 0,
              startingPosition: "TRIM_HORIZON",
              consumerGroupId: `it-${randomUUID()}`,
              provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 },
            },
          },
        ],
      },
    },
    custom: {
      kafkaEventSourceMappings: {
        fn: { maximumRetryAttempts: 0, onFailure: { type: "kafka", topic: failed } },
      },
    },
  });
  return mapping as KafkaMapping;
}

beforeAll(async () => {
  // The engine reads the secret from the AWS endpoint the SDK resolves, as serverless-offline's process does.
  const env = functionsSecurityEnv(config);
  for (const name of ["AWS_ENDPOINT_URL", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) {
    process.env[name] = env[name];
  }
  const admin = new Admin({ clientId: "it-esm-scram", bootstrapBrokers: bootstrapServersOf(config) });
  await ensureTopics(admin, [
    { name: source, partitions: 1 },
    { name: failed, partitions: 1 },
  ]);
  await admin.close();
});

afterAll(() => {
  secrets.destroy();
  process.env = { ...saved };
});

async function readOne(topic: string): Promise<{ key: string | undefined; value: string | undefined }> {
  const consumer = new Consumer({
    clientId: "it-esm-scram",
    bootstrapBrokers: bootstrapServersOf(config),
    groupId: `it-${randomUUID()}`,
    deserializers: stringDeserializers,
    maxWaitTime: 200,
  });
  const stream = await consumer.consume({
    topics: [topic],
    mode: MessagesStreamModes.MANUAL,
    offsets: [{ topic, partition: 0, offset: 0n }],
  });
  try {
    for await (const message of stream) return { key: message.key, value: message.value };
  } finally {
    await stream.close();
    await consumer.close(true);
  }
  return { key: undefined, value: undefined };
}

describe("a Kafka event source mapping with saslScram512Auth", () => {
  it("consumes through the SCRAM listener and sends failures to a Kafka destination with the secret's user", async () => {
    const producer = new Producer({
      clientId: "it-esm-scram",
      bootstrapBrokers: bootstrapServersOf(config),
      acks: ProduceAcks.ALL,
      serializers: stringSerializers,
    });
    const seen: string[] = [];
    const invoke: Invoker = async (_name, payload) => {
      const event = JSON.parse(payload) as { records: Record<string, { value: string }[]> };
      const values = Object.values(event.records)
        .flat()
        .map((record) => Buffer.from(record.value, "base64").toString("utf8"));
      seen.push(...values);
      return values.includes("fail")
        ? {
            kind: "function-error",
            statusCode: 200,
            executedVersion: "$LATEST",
            functionError: "Unhandled",
            payload: {},
          }
        : { kind: "ok", statusCode: 200, executedVersion: "$LATEST", payload: {} };
    };
    const until = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 60_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
      }
    };
    let runner: MappingRunner | undefined;
    try {
      runner = await startMapping({
        mapping: mappingWith(kafkaSecretArnOf(config)),
        invoke,
        log: silentLogger,
        backoff: { baseDelayMs: 10, maxDelayMs: 50 },
      });
      await producer.send({ messages: [{ topic: source, key: "good", value: "ok", partition: 0 }] });
      await until("the good record", () => seen.includes("ok"));
      await producer.send({ messages: [{ topic: source, key: "bad", value: "fail", partition: 0 }] });
      await until("the failure record", () => (runner?.counters.sentToDestination ?? 0) > 0);
      const letter = await readOne(failed);
      expect(letter.key).toBe("bad");
      expect(JSON.parse(letter.value ?? "{}")).toMatchObject({
        requestContext: { condition: "RetryAttemptsExhausted" },
      });
    } finally {
      await runner?.stop(5_000);
      await producer.close();
    }
  });

  it("does not start when the secret's password is wrong, and says which secret", async () => {
    const name = `it-esm-wrong-${randomUUID()}`;
    await secrets.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: JSON.stringify({ username: KAFKA_APP_USER, password: "wrong-password" }),
      }),
    );
    const arn = `arn:aws:secretsmanager:${aws.region}:000000000000:secret:${name}`;
    const error = await startMapping({
      mapping: mappingWith(arn),
      invoke: async () => ({ kind: "invocation-error", error: new Error("not called") }),
      log: silentLogger,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineConfigError);
    expect((error as Error).cause).toBeInstanceOf(KafkaCredentialsError);
    expect((error as Error).message).toMatch(
      new RegExp(`could not log in to Kafka: Kafka rejected the SCRAM-SHA-512 credentials in secret ${arn}`),
    );
    expect((error as Error).message).not.toContain("wrong-password");
  });

  it("does not start when the secret does not exist", async () => {
    const arn = `arn:aws:secretsmanager:${aws.region}:000000000000:secret:it-missing-${randomUUID()}`;
    const error = await startMapping({
      mapping: mappingWith(arn),
      invoke: async () => ({ kind: "invocation-error", error: new Error("not called") }),
      log: silentLogger,
    }).catch((caught: unknown) => caught);
    expect((error as Error).cause).toBeInstanceOf(KafkaCredentialsError);
    expect((error as Error).message).toContain(`cannot read secret ${arn}`);
  });
});
