import {
  AuthenticationError,
  CompressionAlgorithms,
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  SASLMechanisms,
  type SASLOptions,
  stringSerializers,
} from "@platformatic/kafka";
import { z } from "zod";
import { hostPortList, parseEnv } from "./env.ts";
import { CredentialsRejectedError, SecretError } from "./errors.ts";
import { credentialsFromSecret, forgetSecret } from "./secrets.ts";

const kafkaEnvSchema = z.object({
  KAFKA_BOOTSTRAP_SERVERS: hostPortList,
  KAFKA_CLIENT_ID: z.string().min(1).default("realtime-data-streaming"),
  /** Record-batch compression: none, gzip, snappy, lz4 or zstd. */
  KAFKA_COMPRESSION: z.enum(Object.values(CompressionAlgorithms)).default("none"),
  /**
   * Secrets Manager secret (name or ARN) with the SASL user, `{"username","password"}` as MSK and self-managed Kafka
   * mappings use; unset or empty: no SASL (PLAINTEXT).
   */
  KAFKA_SASL_SECRET_ID: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value)),
  /** The SASL mechanism used with KAFKA_SASL_SECRET_ID. */
  KAFKA_SASL_MECHANISM: z
    .enum([SASLMechanisms.SCRAM_SHA_512, SASLMechanisms.SCRAM_SHA_256, SASLMechanisms.PLAIN])
    .default(SASLMechanisms.SCRAM_SHA_512),
});

/**
 * SASL options whose username and password come from a Secrets Manager secret, read when the first connection
 * authenticates (the container's cold start) and cached.
 *
 * @example
 * new Producer({ bootstrapBrokers, sasl: saslFromSecret("kafka-credentials", "SCRAM-SHA-512") });
 */
export function saslFromSecret(secretId: string, mechanism: SASLOptions["mechanism"]): SASLOptions {
  return {
    mechanism,
    username: async () => (await credentialsFromSecret(secretId)).username,
    password: async () => (await credentialsFromSecret(secretId)).password,
  };
}

function* causes(error: unknown, depth = 0): Generator<unknown> {
  if (depth > 8 || !(error instanceof Error)) return;
  yield error;
  yield* causes(error.cause, depth + 1);
  if (error instanceof AggregateError) for (const inner of error.errors) yield* causes(inner, depth + 1);
}

/**
 * The secret problem behind a Kafka client error (the secret cannot be read or is malformed), or a
 * {@link CredentialsRejectedError} when the broker rejected the secret's credentials; undefined for other errors.
 *
 * @example
 * throw explainKafkaAuthError(error, "kafka-credentials") ?? error;
 */
export function explainKafkaAuthError(error: unknown, secretId: string): SecretError | undefined {
  const chain = [...causes(error)];
  const secretProblem = chain.find((cause): cause is SecretError => cause instanceof SecretError);
  if (secretProblem) return secretProblem;
  if (!chain.some((cause) => cause instanceof AuthenticationError)) return undefined;
  forgetSecret(secretId);
  return new CredentialsRejectedError(
    `Kafka rejected the SASL credentials in secret ${secretId}: put the username and password of a SCRAM user of ` +
      "the cluster into it, and check KAFKA_SASL_MECHANISM and that KAFKA_BOOTSTRAP_SERVERS is the SASL listener " +
      "(locally: npm run stack -- up kafka moto writes the stack's)",
    secretId,
    "kafka",
    { cause: error },
  );
}

export type KeyedProducer = Producer<string, string, string, string>;

let producer: KeyedProducer | undefined;
let saslSecretId: string | undefined;
let connected: Promise<void> | undefined;

/**
 * The container's Kafka producer: idempotent, acks=all, keys partitioned like the Java client (murmur2), created on
 * first use and reused by every later invocation of the same container. With `KAFKA_SASL_SECRET_ID` set it
 * authenticates with SASL (`KAFKA_SASL_MECHANISM`, SCRAM-SHA-512 by default) as that secret's user (see
 * {@link connectKafkaProducer} for errors that say what is wrong).
 *
 * @example
 * await kafkaProducer().send({ messages: [{ topic: "users.raw", key: id, value: json }] });
 */
export function kafkaProducer(): KeyedProducer {
  if (!producer) {
    const env = parseEnv(kafkaEnvSchema);
    saslSecretId = env.KAFKA_SASL_SECRET_ID;
    producer = new Producer({
      clientId: env.KAFKA_CLIENT_ID,
      bootstrapBrokers: env.KAFKA_BOOTSTRAP_SERVERS,
      idempotent: true,
      acks: ProduceAcks.ALL,
      partitioner: compatibilityPartitioner,
      serializers: stringSerializers,
      compression: env.KAFKA_COMPRESSION,
      retries: 10,
      retryDelay: 100,
      ...(saslSecretId ? { sasl: saslFromSecret(saslSecretId, env.KAFKA_SASL_MECHANISM) } : {}),
    });
  }
  return producer;
}

/**
 * {@link kafkaProducer}, connected to the cluster once per container (a metadata request). Call it before the first
 * send of an invocation: a SASL secret that cannot be read, is malformed, or holds credentials the broker rejects
 * then fails with an error naming the secret and what to do. A failed connect is tried again on the next call.
 *
 * @throws {SecretUnavailableError} the secret cannot be read.
 * @throws {InvalidSecretError} the secret is not `{"username","password"}`.
 * @throws {CredentialsRejectedError} the broker rejected its credentials.
 * @example
 * await (await connectKafkaProducer()).send({ messages });
 */
export async function connectKafkaProducer(): Promise<KeyedProducer> {
  const current = kafkaProducer();
  connected ??= current.metadata({ topics: [] }).then(
    () => undefined,
    (error: unknown) => {
      connected = undefined;
      throw (saslSecretId === undefined ? undefined : explainKafkaAuthError(error, saslSecretId)) ?? error;
    },
  );
  await connected;
  return current;
}

/** Closes the container's producer (local runs and tests; Lambda just freezes the container). */
export async function closeKafkaProducer(): Promise<void> {
  const current = producer;
  producer = undefined;
  connected = undefined;
  await current?.close();
}
