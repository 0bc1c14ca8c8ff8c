import { Client, policies, types } from "cassandra-driver";
import { z } from "zod";
import { hostPortList, parseEnv } from "./env.ts";

const cassandraEnvSchema = z.object({
  CASSANDRA_CONTACT_POINTS: hostPortList,
  CASSANDRA_LOCAL_DATA_CENTER: z.string().min(1).default("datacenter1"),
  CASSANDRA_KEYSPACE: z.string().regex(/^\w+$/).default("user_stream"),
});

let client: Client | undefined;

/**
 * The container's Cassandra client, created on first use and reused by every later invocation (the driver keeps
 * connection pools and prepared statements per client).
 *
 * @example
 * await cassandraClient().execute("SELECT now() FROM system.local");
 */
export function cassandraClient(): Client {
  if (!client) {
    const env = parseEnv(cassandraEnvSchema);
    client = new Client({
      contactPoints: env.CASSANDRA_CONTACT_POINTS,
      localDataCenter: env.CASSANDRA_LOCAL_DATA_CENTER,
      keyspace: env.CASSANDRA_KEYSPACE,
      socketOptions: { connectTimeout: 5_000, readTimeout: 12_000 },
      // Back within 10 s of a node's return, rather than the driver's default of up to 10 minutes.
      policies: { reconnection: new policies.reconnection.ExponentialReconnectionPolicy(500, 10_000) },
      // Every statement of ours is an upsert: safe for the driver to retry, and LOCAL_QUORUM once replicated.
      queryOptions: { isIdempotent: true, prepare: true, consistency: types.consistencies.localQuorum },
    });
  }
  return client;
}

/** Shuts the container's client down (local runs and tests; Lambda just freezes the container). */
export async function closeCassandraClient(): Promise<void> {
  const current = client;
  client = undefined;
  await current?.shutdown();
}
