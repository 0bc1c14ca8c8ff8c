import { randomUUID } from "node:crypto";
import {
  Admin,
  Consumer,
  compatibilityPartitioner,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringSerializers,
} from "@platformatic/kafka";
import type { RandomUser } from "../../functions/ingest/random-user.ts";
import { toRawRecord } from "../../functions/ingest/record.ts";
import { ensureTopics } from "../../infra/stack/services/kafka.ts";

/**
 * Creates `bench.<name>.<random>` with `partitions` partitions and returns its name (each run writes fresh topics).
 *
 * @example
 * const topic = await freshTopic(brokers, "ceiling", 6);
 */
export async function freshTopic(brokers: string[], name: string, partitions: number): Promise<string> {
  const topic = `bench.${name}.${randomUUID().slice(0, 8)}`;
  const admin = new Admin({ clientId: "bench", bootstrapBrokers: brokers });
  try {
    await ensureTopics(admin, [{ name: topic, partitions }]);
  } finally {
    await admin.close();
  }
  return topic;
}

/**
 * A producer configured like the ingest function's (idempotent, acks=all, Java-compatible partitioner).
 *
 * @example
 * const producer = benchProducer(brokers);
 * await producer.send({ messages: [{ topic, key: "k", value: "v" }] });
 */
export function benchProducer(brokers: string[]): Producer<string, string, string, string> {
  return new Producer({
    clientId: "bench",
    bootstrapBrokers: brokers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    partitioner: compatibilityPartitioner,
    serializers: stringSerializers,
    retries: 10,
    retryDelay: 100,
  });
}

/**
 * `count` users.raw values exactly as ingest builds them, from one page of the local source.
 *
 * @example
 * const values = await rawUserValues("http://127.0.0.1:3100/api/", 500);
 */
export async function rawUserValues(sourceUrl: string, count: number): Promise<string[]> {
  const url = `${sourceUrl}?results=${count}&seed=bench-record-size&page=1`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const { results } = (await response.json()) as { results: RandomUser[] };
  const coordinates = { source: sourceUrl, seed: "bench-record-size", page: 1, results: count };
  return results.map((user) => JSON.stringify(toRawRecord(user, coordinates, new Date().toISOString())));
}

/**
 * Reads `records` records of `topic` from the earliest offsets with a plain consumer that does nothing with them;
 * resolves with how many it read and the milliseconds it took (connecting and joining included).
 *
 * @example
 * const { ms } = await consumeAll(brokers, topic, 100_000);
 */
export async function consumeAll(
  brokers: string[],
  topic: string,
  records: number,
): Promise<{ read: number; ms: number }> {
  const consumer = new Consumer({
    clientId: "bench-consume",
    groupId: `bench-consume-${randomUUID()}`,
    bootstrapBrokers: brokers,
    autocommit: false,
    maxWaitTime: 500,
    retryDelay: 100,
  });
  const started = performance.now();
  try {
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST });
    let read = 0;
    for await (const _message of stream) {
      read += 1;
      if (read >= records) break;
    }
    const ms = performance.now() - started;
    await stream.close();
    return { read, ms };
  } finally {
    await consumer.close(true);
  }
}
