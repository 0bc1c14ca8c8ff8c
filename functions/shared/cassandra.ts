import { auth, Client, errors, policies, types } from "cassandra-driver";
import { z } from "zod";
import { hostPortList, parseEnv } from "./env.ts";
import { CredentialsRejectedError, SecretError } from "./errors.ts";
import { credentialsFromSecret, forgetSecret } from "./secrets.ts";

const cassandraEnvSchema = z.object({
  CASSANDRA_CONTACT_POINTS: hostPortList,
  CASSANDRA_LOCAL_DATA_CENTER: z.string().min(1).default("datacenter1"),
  CASSANDRA_KEYSPACE: z.string().regex(/^\w+$/).default("user_stream"),
  /** Secrets Manager secret (name or ARN) with `{"username","password"}`; unset or empty: no authentication. */
  CASSANDRA_SECRET_ID: z
    .string()
    .optional()
    .transform((value) => (value === "" ? undefined : value)),
});

/**
 * Logs in with the credentials of a Secrets Manager secret, read when the first connection authenticates (the
 * container's cold start) and cached; SASL PLAIN, as PlainTextAuthProvider does. It extends PlainTextAuthProvider
 * because the driver only accepts instances of its AuthProvider class, which its typings declare as an interface.
 */
class SecretAuthProvider extends auth.PlainTextAuthProvider {
  readonly #secretId: string;
  constructor(secretId: string) {
    super("", "");
    this.#secretId = secretId;
  }
  override newAuthenticator(): auth.Authenticator {
    const secretId = this.#secretId;
    return {
      initialResponse(callback: (error: Error | null, token?: Buffer) => void) {
        credentialsFromSecret(secretId).then(
          ({ username, password }) => callback(null, Buffer.from(`\0${username}\0${password}`, "utf8")),
          (error: Error) => callback(error),
        );
      },
      evaluateChallenge(_challenge: Buffer, callback: () => void) {
        callback();
      },
      onAuthenticationSuccess() {},
    };
  }
}

let client: Client | undefined;
let secretId: string | undefined;

/**
 * The container's Cassandra client, created on first use and reused by every later invocation (the driver keeps
 * connection pools and prepared statements per client). With `CASSANDRA_SECRET_ID` set, it logs in with that secret's
 * credentials (see {@link connectCassandra} for errors that say what is wrong).
 *
 * @example
 * await cassandraClient().execute("SELECT now() FROM system.local");
 */
export function cassandraClient(): Client {
  if (!client) {
    const env = parseEnv(cassandraEnvSchema);
    secretId = env.CASSANDRA_SECRET_ID;
    client = new Client({
      contactPoints: env.CASSANDRA_CONTACT_POINTS,
      localDataCenter: env.CASSANDRA_LOCAL_DATA_CENTER,
      keyspace: env.CASSANDRA_KEYSPACE,
      ...(secretId ? { authProvider: new SecretAuthProvider(secretId) } : {}),
      socketOptions: { connectTimeout: 5_000, readTimeout: 12_000 },
      // Back within 10 s of a node's return, rather than the driver's default of up to 10 minutes.
      policies: { reconnection: new policies.reconnection.ExponentialReconnectionPolicy(500, 10_000) },
      // Every statement of ours is an upsert: safe for the driver to retry, and LOCAL_QUORUM once replicated.
      queryOptions: { isIdempotent: true, prepare: true, consistency: types.consistencies.localQuorum },
    });
  }
  return client;
}

/** The first secret problem behind a driver error, or a typed error when every host rejected the credentials. */
function explain(error: unknown, id: string): Error | undefined {
  if (!(error instanceof errors.NoHostAvailableError)) return undefined;
  const causes = Object.values(error.innerErrors ?? {}) as unknown[];
  const secretProblem = causes.find((cause): cause is SecretError => cause instanceof SecretError);
  if (secretProblem) return secretProblem;
  if (causes.length === 0 || !causes.every((cause) => cause instanceof errors.AuthenticationError)) {
    return undefined;
  }
  forgetSecret(id);
  return new CredentialsRejectedError(
    `Cassandra rejected the credentials in secret ${id}: put the username and password of a Cassandra role ` +
      "with MODIFY on the keyspace into it (locally: npm run stack -- up cassandra moto writes the stack's)",
    id,
    "cassandra",
    { cause: error },
  );
}

/**
 * {@link cassandraClient}, connected. Call it before the first write of an invocation: a secret that cannot be read,
 * is malformed, or holds credentials Cassandra rejects then fails with an error naming the secret and what to do,
 * instead of the driver's generic NoHostAvailableError. A rejected secret is read again on the next call (rotation).
 *
 * @throws {SecretUnavailableError} the secret cannot be read.
 * @throws {InvalidSecretError} the secret is not `{"username","password"}`.
 * @throws {CredentialsRejectedError} Cassandra rejected its credentials.
 * @example
 * const errors = await writeRows(await connectCassandra(), rows, 64);
 */
export async function connectCassandra(): Promise<Client> {
  const current = cassandraClient();
  try {
    await current.connect();
  } catch (error) {
    const typed = secretId === undefined ? undefined : explain(error, secretId);
    // The driver resets after a failed connect: the next call tries again (and reads a rejected secret again).
    throw typed ?? error;
  }
  return current;
}

/** Shuts the container's client down (local runs and tests; Lambda just freezes the container). */
export async function closeCassandraClient(): Promise<void> {
  const current = client;
  client = undefined;
  await current?.shutdown();
}
