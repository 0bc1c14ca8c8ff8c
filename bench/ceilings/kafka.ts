import { benchProducer, consumeAll, freshTopic } from "../support/kafka.ts";
import { perSecond, round } from "../support/stats.ts";

/** The raw Kafka ceilings at our record size, and the topic they filled (the mapping stage reads it again). */
export interface KafkaCeilings {
  readonly topic: string;
  readonly partitions: number;
  readonly records: number;
  readonly recordBytes: number;
  /** Already-built records, 8 producers' worth of 500-record sends in flight, idempotent, acks=all. */
  readonly produceRecordsPerSecond: number;
  readonly produceMegabytesPerSecond: number;
  /** A plain consumer reading the same records from the earliest offsets, doing nothing with them. */
  readonly consumeRecordsPerSecond: number;
  readonly consumeMegabytesPerSecond: number;
}

/**
 * Measures Kafka's produce and consume records/s on this machine with users.raw-sized `values` (cycled), on a fresh
 * topic of `partitions` partitions.
 *
 * @example
 * const ceilings = await kafkaCeilings(brokers, await rawUserValues(sourceUrl, 500), 100_000, 6);
 */
export async function kafkaCeilings(
  brokers: string[],
  values: readonly string[],
  records: number,
  partitions: number,
): Promise<KafkaCeilings> {
  const topic = await freshTopic(brokers, "ceiling", partitions);
  const producer = benchProducer(brokers);
  const recordBytes = Math.round(
    values.reduce((sum, value) => sum + Buffer.byteLength(value), 0) / values.length,
  );
  const batch = 500;
  let sent = 0;
  const started = performance.now();
  try {
    const lane = async () => {
      while (sent < records) {
        const first = sent;
        sent += batch;
        await producer.send({
          messages: Array.from({ length: batch }, (_, i) => ({
            topic,
            key: `k${first + i}`,
            value: values[(first + i) % values.length] as string,
          })),
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, lane));
  } finally {
    await producer.close();
  }
  const produceMs = performance.now() - started;
  const consumed = await consumeAll(brokers, topic, sent);
  const megabytes = (count: number, ms: number) => round((count * recordBytes) / 1e6 / (ms / 1000), 1);
  return {
    topic,
    partitions,
    records: sent,
    recordBytes,
    produceRecordsPerSecond: perSecond(sent, produceMs),
    produceMegabytesPerSecond: megabytes(sent, produceMs),
    consumeRecordsPerSecond: perSecond(consumed.read, consumed.ms),
    consumeMegabytesPerSecond: megabytes(consumed.read, consumed.ms),
  };
}
