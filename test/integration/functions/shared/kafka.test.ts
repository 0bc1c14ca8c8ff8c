import { randomUUID } from "node:crypto";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from "@platformatic/kafka";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CredentialsRejectedError, SecretUnavailableError } from "../../../../functions/shared/errors.ts";
import { closeKafkaProducer, connectKafkaProducer } from "../../../../functions/shared/kafka.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { bootstrapServersOf, ensureTopics, KAFKA_APP_USER } from "../../../../infra/stack/services/kafka.ts";
import { awsEndpointOf } from "../../../../infra/stack/services/moto.ts";
import { functionsSecurityEnv, KAFKA_SECRET_NAME } from "../../../../infra/stack/services/secrets.ts";

const config = loadStackConfig();
const secrets = new SecretsManagerClient(awsEndpointOf(config));
const topic = `it-scram-${randomUUID()}`;
const saved = { ...process.env };

/** The functions' environment as the stack gives it (SCRAM listener, stack secret), with another secret if given. */
function useSecret(secretId: string): void {
  Object.assign(process.env, functionsSecurityEnv(config), { KAFKA_SASL_SECRET_ID: secretId });
}

/** Reads one record at `offset` through the PLAINTEXT listener. */
async function readAt(offset: bigint): Promise<string | undefined> {
  const consumer = new Consumer({
    clientId: "it-kafka-scram",
    bootstrapBrokers: bootstrapServersOf(config),
    groupId: `it-${randomUUID()}`,
    deserializers: stringDeserializers,
    maxWaitTime: 200,
  });
  const stream = await consumer.consume({
    topics: [topic],
    mode: MessagesStreamModes.MANUAL,
    offsets: [{ topic, partition: 0, offset }],
  });
  try {
    for await (const message of stream) return message.value;
  } finally {
    await stream.close();
    await consumer.close(true);
  }
  return undefined;
}

beforeAll(async () => {
  const admin = new Admin({ clientId: "it-kafka-scram", bootstrapBrokers: bootstrapServersOf(config) });
  await ensureTopics(admin, [{ name: topic, partitions: 1 }]);
  await admin.close();
});

afterEach(async () => {
  await closeKafkaProducer();
  process.env = { ...saved };
});

afterAll(() => secrets.destroy());

describe("the functions' Kafka producer with SASL/SCRAM credentials from Secrets Manager", () => {
  it("produces through the SCRAM-SHA-512 listener as the stack's user", async () => {
    useSecret(KAFKA_SECRET_NAME);
    const producer = await connectKafkaProducer();
    const value = randomUUID();
    const sent = await producer.send({ messages: [{ topic, key: "k", value, partition: 0 }] });
    const offset = sent.offsets?.[0]?.offset;
    expect(offset).toBeTypeOf("bigint");
    expect(await readAt(offset as bigint)).toBe(value);
  });

  it("fails with CredentialsRejectedError naming the secret when its password is wrong", async () => {
    const secretId = `it-kafka-${randomUUID()}`;
    await secrets.send(
      new CreateSecretCommand({
        Name: secretId,
        SecretString: JSON.stringify({ username: KAFKA_APP_USER, password: "wrong-password" }),
      }),
    );
    useSecret(secretId);
    const error = await connectKafkaProducer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect(error).toMatchObject({ name: "CredentialsRejectedError", secretId, service: "kafka" });
    expect((error as Error).message).not.toContain("wrong-password");
  });

  it("fails with SecretUnavailableError when the secret does not exist", async () => {
    const secretId = `it-missing-${randomUUID()}`;
    useSecret(secretId);
    const error = await connectKafkaProducer().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).message).toContain(`cannot read secret ${secretId}`);
  });
});
