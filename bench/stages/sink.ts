import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "cassandra-driver";
import { writeRows } from "../../functions/sink/writer.ts";
import { storedCount, usersOfNewCountry } from "../../test/support/processed-users.ts";
import { benchProducer } from "../support/kafka.ts";
import { perSecond, round } from "../support/stats.ts";

/** The sink's users/s (2 rows each), directly and through the mapping, against the Cassandra ceiling. */
export interface SinkResult {
  readonly users: number;
  /** The sink's writer called directly with batches of 1,000 users, as the mapping delivers them. */
  readonly writerUsersPerSecond: number;
  /** Produced to users.processed; timed until the last row is stored (serverless-offline + mapping + sink). */
  readonly throughMappingUsersPerSecond: number;
  readonly writerRatioToCeiling: number;
  readonly ratioToCeiling: number;
}

async function writerRate(client: Client, users: number, concurrency: number): Promise<number> {
  const rows = usersOfNewCountry(users, "bench-writer").users.map((user) => ({
    kind: "user" as const,
    user,
  }));
  const started = performance.now();
  for (let i = 0; i < rows.length; i += 1000) await writeRows(client, rows.slice(i, i + 1000), concurrency);
  return perSecond(users, performance.now() - started);
}

async function throughMapping(
  client: Client,
  brokers: string[],
  topic: string,
  users: number,
  timeoutMs: number,
): Promise<number> {
  const { country, users: list } = usersOfNewCountry(users, "bench-mapping");
  const producer = benchProducer(brokers);
  const started = performance.now();
  try {
    for (let i = 0; i < list.length; i += 500) {
      await producer.send({
        messages: list
          .slice(i, i + 500)
          .map((user) => ({ topic, key: user.user_id, value: JSON.stringify(user) })),
      });
    }
  } finally {
    await producer.close();
  }
  const deadline = Date.now() + timeoutMs;
  while ((await storedCount(client, country)) < users) {
    if (Date.now() > deadline)
      throw new Error(`the sink stored fewer than ${users} users in ${timeoutMs} ms`);
    await sleep(200);
  }
  return perSecond(users, performance.now() - started);
}

/**
 * mapping → sink → Cassandra: `users` processed users produced to `processedTopic`, stored by the sink function
 * behind its Kafka mapping under serverless-offline; and the sink's writer called directly; both against the
 * Cassandra ceiling measured in the same run.
 *
 * @example
 * const sink = await sinkStage({ client, brokers, processedTopic: "users.processed", users: 30_000, ceiling });
 */
export async function sinkStage(options: {
  client: Client;
  brokers: string[];
  processedTopic: string;
  users: number;
  writeConcurrency: number;
  ceilingUsersPerSecond: number;
  /** How long the rows may take to be stored through the mapping before the stage fails. */
  timeoutMs: number;
}): Promise<SinkResult> {
  const writerUsersPerSecond = await writerRate(options.client, options.users, options.writeConcurrency);
  const throughMappingUsersPerSecond = await throughMapping(
    options.client,
    options.brokers,
    options.processedTopic,
    options.users,
    options.timeoutMs,
  );
  return {
    users: options.users,
    writerUsersPerSecond,
    throughMappingUsersPerSecond,
    writerRatioToCeiling: round(writerUsersPerSecond / options.ceilingUsersPerSecond, 3),
    ratioToCeiling: round(throughMappingUsersPerSecond / options.ceilingUsersPerSecond, 3),
  };
}
