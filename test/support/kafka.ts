import { randomUUID } from "node:crypto";
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from "@platformatic/kafka";
import { committedOffsets, lagOf, topicEndOffsets } from "../../infra/pipeline/kafka-offsets.ts";

export interface ReadMessage {
  key: string;
  value: string;
  partition: number;
  offset: bigint;
  headers: Map<string, string>;
}

/** The next offset to be written on each partition of a topic. */
export async function endOffsets(bootstrapBrokers: string[], topic: string): Promise<Map<number, bigint>> {
  const admin = new Admin({ clientId: "test-offsets", bootstrapBrokers });
  try {
    return await topicEndOffsets(admin, topic);
  } finally {
    await admin.close();
  }
}

/** Every message of `topic` written between two offset snapshots (from inclusive, to exclusive). */
export async function readBetween(
  bootstrapBrokers: string[],
  topic: string,
  from: Map<number, bigint>,
  to: Map<number, bigint>,
): Promise<ReadMessage[]> {
  const pending = [...to].filter(([partition, end]) => end > (from.get(partition) ?? 0n));
  if (pending.length === 0) return [];
  const consumer = new Consumer({
    clientId: "test-reader",
    groupId: `test-reader-${randomUUID()}`,
    bootstrapBrokers,
    deserializers: stringDeserializers,
    autocommit: false,
    maxWaitTime: 200,
  });
  const messages: ReadMessage[] = [];
  const remaining = new Map(pending.map(([partition, end]) => [partition, end]));
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.MANUAL,
      offsets: pending.map(([partition]) => ({ topic, partition, offset: from.get(partition) ?? 0n })),
    });
    for await (const message of stream) {
      const end = remaining.get(message.partition);
      if (end === undefined || message.offset >= end) continue;
      messages.push({
        key: message.key,
        value: message.value,
        partition: message.partition,
        offset: message.offset,
        headers: message.headers,
      });
      if (message.offset + 1n >= end) remaining.delete(message.partition);
      if (remaining.size === 0) break;
    }
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return messages;
}

/** How many records of `topic` a consumer group has not committed yet, over all partitions. */
export async function groupLag(bootstrapBrokers: string[], groupId: string, topic: string): Promise<bigint> {
  const admin = new Admin({ clientId: "test-lag", bootstrapBrokers });
  try {
    const [ends, committed] = await Promise.all([
      topicEndOffsets(admin, topic),
      committedOffsets(admin, groupId, topic),
    ]);
    return lagOf(ends, committed);
  } finally {
    await admin.close();
  }
}
