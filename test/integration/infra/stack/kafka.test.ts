import { randomUUID } from "node:crypto";
import {
  Admin,
  Consumer,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
} from "@platformatic/kafka";
import { afterAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { bootstrapServersOf, ensureTopics } from "../../../../infra/stack/services/kafka.ts";
import { pipelineTopics } from "../../../../infra/stack/services/kafka-topics.ts";

const config = loadStackConfig();
const bootstrapBrokers = bootstrapServersOf(config);
const admin = new Admin({ clientId: "it-admin", bootstrapBrokers });

afterAll(async () => {
  await admin.close();
});

describe("Kafka (KRaft)", () => {
  it("has the pipeline's topics with the configured partition counts", async () => {
    const topics = pipelineTopics(config);
    const metadata = await admin.metadata({ topics: topics.map((topic) => topic.name) });
    for (const topic of topics) {
      expect(metadata.topics.get(topic.name)?.partitionsCount, topic.name).toBe(topic.partitions);
    }
  });

  it("creates topics idempotently", async () => {
    const topic = { name: `it.idempotent.${randomUUID()}`, partitions: 2 };
    expect(await ensureTopics(admin, [topic])).toEqual([topic.name]);
    expect(await ensureTopics(admin, [topic])).toEqual([]);
  });

  it("round-trips keyed records through an idempotent producer and a consumer group", async () => {
    const topic = `it.roundtrip.${randomUUID()}`;
    await ensureTopics(admin, [{ name: topic, partitions: 3 }]);
    const producer = new Producer({
      clientId: "it-producer",
      bootstrapBrokers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      serializers: stringSerializers,
    });
    const sent = Array.from({ length: 300 }, (_, i) => ({
      topic,
      key: `user-${i % 30}`,
      value: `record-${i}`,
    }));
    await producer.send({ messages: sent });
    await producer.close();

    const consumer = new Consumer({
      clientId: "it-consumer",
      groupId: `it-${randomUUID()}`,
      bootstrapBrokers,
      deserializers: stringDeserializers,
      autocommit: false,
      maxWaitTime: 200,
    });
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode: MessagesStreamFallbackModes.EARLIEST,
    });
    const received: { key: string; value: string; partition: number }[] = [];
    for await (const message of stream) {
      received.push({ key: message.key, value: message.value, partition: message.partition });
      if (received.length === sent.length) {
        await message.commit();
        break;
      }
    }
    await stream.close();
    await consumer.close(true);

    expect(received.map((r) => r.value).sort()).toEqual(sent.map((s) => s.value).sort());
    // Same key, same partition: per-key order is what the pipeline relies on.
    const partitionOfKey = new Map<string, Set<number>>();
    for (const r of received)
      partitionOfKey.set(r.key, (partitionOfKey.get(r.key) ?? new Set()).add(r.partition));
    expect([...partitionOfKey.values()].every((partitions) => partitions.size === 1)).toBe(true);
    expect(new Set(received.map((r) => r.partition)).size).toBe(3);
  });
});
