import {
  CompressionAlgorithms,
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  stringSerializers,
} from "@platformatic/kafka";
import { z } from "zod";
import { hostPortList, parseEnv } from "./env.ts";

const kafkaEnvSchema = z.object({
  KAFKA_BOOTSTRAP_SERVERS: hostPortList,
  KAFKA_CLIENT_ID: z.string().min(1).default("realtime-data-streaming"),
  /** Record-batch compression: none, gzip, snappy, lz4 or zstd. */
  KAFKA_COMPRESSION: z.enum(Object.values(CompressionAlgorithms)).default("none"),
});

export type KeyedProducer = Producer<string, string, string, string>;

let producer: KeyedProducer | undefined;

/**
 * The container's Kafka producer: idempotent, acks=all, keys partitioned like the Java client (murmur2), created on
 * first use and reused by every later invocation of the same container.
 *
 * @example
 * await kafkaProducer().send({ messages: [{ topic: "users.raw", key: id, value: json }] });
 */
export function kafkaProducer(): KeyedProducer {
  if (!producer) {
    const env = parseEnv(kafkaEnvSchema);
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
    });
  }
  return producer;
}

/** Closes the container's producer (local runs and tests; Lambda just freezes the container). */
export async function closeKafkaProducer(): Promise<void> {
  const current = producer;
  producer = undefined;
  await current?.close();
}
