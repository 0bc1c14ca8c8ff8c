import {
  type KafkaInputRecord,
  SELF_MANAGED_KAFKA_EVENT_SOURCE,
  toEventRecord,
  topicPartitionKey,
} from "./event.ts";

/**
 * A record as the engine carries it: the input record, its leader epoch (for commits), and, when it passed the
 * mapping's filters, its event JSON serialized once (used both to size batches and to build the payload).
 */
export interface EngineRecord extends KafkaInputRecord {
  readonly leaderEpoch: number;
  /** `JSON.stringify(toEventRecord(record))`, or null for a record the filters dropped. */
  readonly json: string | null;
  /** UTF-8 bytes of `json` (0 when filtered). */
  readonly bytes: number;
}

/**
 * Wraps an input record for the engine, serializing its event record when it passes the filters.
 *
 * @example
 * const record = toEngineRecord(input, 3, true);
 * record.bytes === Buffer.byteLength(JSON.stringify(toEventRecord(input))); // true
 */
export function toEngineRecord(input: KafkaInputRecord, leaderEpoch: number, passes: boolean): EngineRecord {
  if (!passes) return { ...input, leaderEpoch, json: null, bytes: 0 };
  const json = JSON.stringify(toEventRecord(input));
  return { ...input, leaderEpoch, json, bytes: Buffer.byteLength(json, "utf8") };
}

/**
 * The serialized invocation event for one partition's records, byte-identical to
 * `JSON.stringify(buildKafkaEvent(bootstrapServers, records))` but reusing each record's JSON.
 *
 * @example
 * eventPayload(["b:9092"], records) === JSON.stringify(buildKafkaEvent(["b:9092"], records)); // true
 */
export function eventPayload(bootstrapServers: readonly string[], records: readonly EngineRecord[]): string {
  const head = `{"eventSource":${JSON.stringify(SELF_MANAGED_KAFKA_EVENT_SOURCE)},"bootstrapServers":${JSON.stringify(
    bootstrapServers.join(","),
  )},"records":{`;
  const groups = new Map<string, string[]>();
  for (const record of records) {
    const key = topicPartitionKey(record.topic, record.partition);
    let group = groups.get(key);
    if (group === undefined) {
      group = [];
      groups.set(key, group);
    }
    group.push(record.json ?? JSON.stringify(toEventRecord(record)));
  }
  const parts: string[] = [];
  for (const [key, jsons] of groups) parts.push(`${JSON.stringify(key)}:[${jsons.join(",")}]`);
  return `${head}${parts.join(",")}}}`;
}
