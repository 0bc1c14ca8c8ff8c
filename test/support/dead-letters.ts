import type { DeadLetter } from "../../functions/shared/dead-letter.ts";
import { readBetween } from "./kafka.ts";

/**
 * What landed in a dead-letter destination, normalised: the pipeline's own dead letters (functions/shared/
 * dead-letter.ts, from ingest, Spark and the sink) and the event-source mappings' on-failure records (AWS's Kafka
 * destination shape, infra/esm/failure-record.ts), each with the users it accounts for and its reason.
 */
export interface DeadLetterEntry {
  /** The message key. */
  key: string;
  /** `ingest`, `spark`, `sink`, or `mapping` for an on-failure record. */
  stage: string;
  /** Stable error name, or the failure condition of an on-failure record. */
  error: string;
  /** Why: the dead letter's reason, or `<condition> (<functionError>)` for an on-failure record. */
  reason: string;
  origin: Record<string, unknown>;
  /** Ids of the users the record carried (none for a page that failed for good, or an unreadable payload). */
  userIds: string[];
  /** For a source page that failed for good: the users it stood for. */
  page?: { seed: string; page: number; results: number; take: number };
  /** The seed of the users it carried, when known. */
  seed?: string;
}

function parseMaybe(text: unknown): unknown {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The user id and seed of a raw (`users.raw`) or processed (`users.processed`) user value, when it has them. */
function userOf(value: unknown): { userId?: string; seed?: string } {
  if (typeof value !== "object" || value === null) return {};
  const record = value as { user_id?: unknown; seed?: unknown; login?: { uuid?: unknown } };
  const userId = typeof record.user_id === "string" ? record.user_id : record.login?.uuid;
  return {
    ...(typeof userId === "string" ? { userId } : {}),
    ...(typeof record.seed === "string" ? { seed: record.seed } : {}),
  };
}

interface FailureRecordLike {
  requestContext: { condition: string };
  responseContext: { functionError?: string } | null;
  KafkaBatchInfo: { recordInfo?: { offset: string } };
  payload: {
    records: Record<string, { topic: string; partition: number; offset: number; value?: string }[]>;
  };
}

function fromFailureRecord(key: string, record: FailureRecordLike): DeadLetterEntry {
  const records = Object.values(record.payload?.records ?? {}).flat();
  const users = records.map((r) => userOf(parseMaybe(Buffer.from(r.value ?? "", "base64").toString("utf8"))));
  const first = records[0];
  const seed = users.find((u) => u.seed)?.seed;
  const functionError = record.responseContext?.functionError;
  return {
    key,
    stage: "mapping",
    error: record.requestContext.condition,
    reason: `${record.requestContext.condition}${functionError ? ` (${functionError})` : ""}`,
    origin: first ? { topic: first.topic, partition: first.partition, offset: first.offset } : {},
    userIds: users.flatMap((u) => (u.userId ? [u.userId] : [])),
    ...(seed ? { seed } : {}),
  };
}

function fromDeadLetter(key: string, letter: DeadLetter): DeadLetterEntry {
  const origin = letter.origin ?? {};
  const base = { key, stage: letter.stage, error: letter.error, reason: letter.reason, origin };
  if (letter.stage === "ingest" && letter.payload === null && typeof origin.take === "number") {
    const page = {
      seed: String(origin.seed),
      page: Number(origin.page),
      results: Number(origin.results),
      take: origin.take,
    };
    return { ...base, userIds: [], page, seed: page.seed };
  }
  // Spark carries the raw value as text; ingest and the sink carry the decoded value.
  const user = userOf(parseMaybe(letter.payload));
  const seed = user.seed ?? (typeof origin.seed === "string" ? origin.seed : undefined);
  return { ...base, userIds: user.userId ? [user.userId] : [], ...(seed ? { seed } : {}) };
}

/**
 * Parses one message of a dead-letter topic.
 *
 * @example
 * parseDeadLetter("k", JSON.stringify({ stage: "sink", error: "InvalidUserError", reason: "...", origin: {}, payload: {}, failedAt: "" }));
 */
export function parseDeadLetter(key: string, value: string): DeadLetterEntry {
  const parsed = parseMaybe(value) as Record<string, unknown> | undefined;
  if (parsed && typeof parsed === "object" && "requestContext" in parsed) {
    return fromFailureRecord(key, parsed as unknown as FailureRecordLike);
  }
  if (parsed && typeof parsed === "object" && typeof parsed.stage === "string") {
    return fromDeadLetter(key, parsed as unknown as DeadLetter);
  }
  return { key, stage: "unknown", error: "", reason: "", origin: {}, userIds: [] };
}

/**
 * Every dead letter written to `topic` between two offset snapshots.
 *
 * @example
 * const letters = await deadLettersBetween(brokers, "users.dlq", before, await endOffsets(brokers, "users.dlq"));
 */
export async function deadLettersBetween(
  brokers: string[],
  topic: string,
  from: Map<number, bigint>,
  to: Map<number, bigint>,
): Promise<DeadLetterEntry[]> {
  return (await readBetween(brokers, topic, from, to)).map((m) => parseDeadLetter(m.key, m.value));
}
