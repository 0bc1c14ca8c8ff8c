import { type Admin, ListOffsetTimestamps } from "@platformatic/kafka";

/** Offsets per partition of one topic. */
export type PartitionOffsets = Map<number, bigint>;

/**
 * The next offset to be written on each partition of `topic`.
 *
 * @example
 * const ends = await topicEndOffsets(admin, "users.raw"); // Map { 0 => 1200n, 1 => 1187n, … }
 */
export async function topicEndOffsets(admin: Admin, topic: string): Promise<PartitionOffsets> {
  const metadata = await admin.metadata({ topics: [topic] });
  const partitions = metadata.topics.get(topic)?.partitionsCount ?? 0;
  const [offsets] = await admin.listOffsets({
    topics: [
      {
        name: topic,
        partitions: Array.from({ length: partitions }, (_, partitionIndex) => ({
          partitionIndex,
          timestamp: ListOffsetTimestamps.LATEST,
        })),
      },
    ],
  });
  return new Map(offsets?.partitions.map((p) => [p.partitionIndex, p.offset]) ?? []);
}

/**
 * The offsets a consumer group has committed on `topic`; partitions it never committed are absent.
 *
 * @example
 * const committed = await committedOffsets(admin, "realtime-data-streaming-local-sink-users.processed", "users.processed");
 */
export async function committedOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<PartitionOffsets> {
  const [group] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
  return new Map(
    (group?.topics ?? [])
      .filter((t) => t.name === topic)
      .flatMap((t) => t.partitions.filter((p) => p.committedOffset >= 0n))
      .map((p) => [p.partitionIndex, p.committedOffset]),
  );
}

/** The sum of the offsets (records written so far, for end offsets of a topic that was never truncated). */
export function totalOf(offsets: PartitionOffsets): bigint {
  let total = 0n;
  for (const offset of offsets.values()) total += offset;
  return total;
}

/**
 * Records written but not committed yet, over all partitions (a partition never committed counts from 0).
 *
 * @example
 * lagOf(new Map([[0, 10n], [1, 5n]]), new Map([[0, 7n]])); // 8n
 */
export function lagOf(ends: PartitionOffsets, committed: PartitionOffsets): bigint {
  let lag = 0n;
  for (const [partition, end] of ends) {
    const done = committed.get(partition) ?? 0n;
    if (end > done) lag += end - done;
  }
  return lag;
}
