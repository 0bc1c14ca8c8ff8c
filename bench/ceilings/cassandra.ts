import { type Client, concurrent } from "cassandra-driver";
import { statementsFor } from "../../functions/sink/writer.ts";
import { usersOfNewCountry } from "../../test/support/processed-users.ts";
import { perSecond } from "../support/stats.ts";

/** Users/s (each user is 2 rows: users and users_by_country) stored by plain driver loops, 64 requests in flight. */
export interface CassandraCeilings {
  readonly users: number;
  /** One request per upsert (executeConcurrent). */
  readonly executeConcurrentUsersPerSecond: number;
  /** users rows one by one, users_by_country rows as unlogged batches of 50 of one partition. */
  readonly unloggedBatchUsersPerSecond: number;
  /** The better of the two: the ceiling the sink is compared with. */
  readonly usersPerSecond: number;
}

const IN_FLIGHT = 64;

async function executeConcurrentRate(client: Client, users: number): Promise<number> {
  const statements = usersOfNewCountry(users, "ceiling-a").users.flatMap((user) =>
    statementsFor({ kind: "user", user }),
  );
  const started = performance.now();
  await concurrent.executeConcurrent(client, statements, {
    concurrencyLevel: IN_FLIGHT,
    raiseOnFirstError: true,
  });
  return perSecond(users, performance.now() - started);
}

async function unloggedBatchRate(client: Client, users: number): Promise<number> {
  const statements = usersOfNewCountry(users, "ceiling-b").users.flatMap((user) =>
    statementsFor({ kind: "user", user }),
  );
  const single = statements.filter((s) => s.partition.startsWith("users:"));
  const grouped = statements.filter((s) => s.partition.startsWith("users_by_country:"));
  const requests: (() => Promise<unknown>)[] = [
    ...single.map((s) => () => client.execute(s.query, s.params, { prepare: true })),
    ...Array.from(
      { length: Math.ceil(grouped.length / 50) },
      (_, i) => () => client.batch(grouped.slice(i * 50, i * 50 + 50), { prepare: true, logged: false }),
    ),
  ];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < requests.length) {
      const request = requests[next] as () => Promise<unknown>;
      next += 1;
      await request();
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return perSecond(users, performance.now() - started);
}

/**
 * The Cassandra ceiling: the sink's own upserts for `users` fresh users, written by plain driver loops.
 *
 * @example
 * const { usersPerSecond } = await cassandraCeilings(cassandraClient(config, "user_stream"), 30_000);
 */
export async function cassandraCeilings(client: Client, users: number): Promise<CassandraCeilings> {
  const executeConcurrentUsersPerSecond = await executeConcurrentRate(client, users);
  const unloggedBatchUsersPerSecond = await unloggedBatchRate(client, users);
  return {
    users,
    executeConcurrentUsersPerSecond,
    unloggedBatchUsersPerSecond,
    usersPerSecond: Math.max(executeConcurrentUsersPerSecond, unloggedBatchUsersPerSecond),
  };
}
