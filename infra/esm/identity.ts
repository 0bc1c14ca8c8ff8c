import { createHash } from "node:crypto";

/**
 * Stable identities of a mapping, derived from the service, stage, function key and topic, so that a restart
 * resumes the same consumer group (and so the committed offsets) while two mappings never share one.
 */

const CONSUMER_GROUP_ID_MAX = 200;

/**
 * The consumer group id used when the kafka event sets none: `<service>-<stage>-<function>-<topic>`, with characters
 * outside Lambda's ConsumerGroupId alphabet replaced by "-", and a hash suffix when longer than 200 characters.
 * (AWS uses the mapping's UUID; a readable id serves the same purpose locally.)
 *
 * @example
 * defaultConsumerGroupId("realtime-data-streaming", "local", "sink", "users.processed");
 * // "realtime-data-streaming-local-sink-users.processed"
 */
export function defaultConsumerGroupId(
  service: string,
  stage: string,
  functionKey: string,
  topic: string,
): string {
  const id = `${service}-${stage}-${functionKey}-${topic}`.replace(/[^a-zA-Z0-9\-/*:_+=.@]/g, "-");
  if (id.length <= CONSUMER_GROUP_ID_MAX) return id;
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 16);
  return `${id.slice(0, CONSUMER_GROUP_ID_MAX - hash.length - 1)}-${hash}`;
}

/**
 * A deterministic, RFC 4122-shaped (version 5 style) UUID for a mapping: the same inputs always give the same UUID.
 *
 * @example
 * mappingUuid("svc", "local", "sink", "users.processed"); // "xxxxxxxx-xxxx-5xxx-[89ab]xxx-xxxxxxxxxxxx", always the same
 */
export function mappingUuid(service: string, stage: string, functionKey: string, topic: string): string {
  const hex = createHash("sha256").update([service, stage, functionKey, topic].join("\0")).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
