import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AuthenticationError, type SASLOptions } from "@platformatic/kafka";
import { z } from "zod";
import { EsmError } from "./errors.ts";
import type { KafkaAuthentication } from "./kafka-auth.ts";

/**
 * A mapping cannot log in to its cluster: its secret cannot be read or is not `{"username","password"}`, or the
 * broker rejected the credentials. `secretArn` names the secret; the message says what to do.
 *
 * @example
 * new KafkaCredentialsError("Kafka rejected the SCRAM-SHA-512 credentials in secret arn:…", "arn:…");
 */
export class KafkaCredentialsError extends EsmError {
  readonly secretArn: string;
  constructor(message: string, secretArn: string, options?: ErrorOptions) {
    super(message, options);
    this.secretArn = secretArn;
  }
}

const credentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

/** A secret's username and password. */
export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Parses a secret's `SecretString` as `{"username","password"}` (the MSK / self-managed Kafka format). Messages name
 * the secret and the missing fields, never the value.
 *
 * @throws {KafkaCredentialsError} when it is missing, not JSON, or lacks a non-empty username or password.
 * @example
 * parseSaslSecret("arn:…:secret:kafka", '{"username":"app","password":"pw"}').username; // "app"
 */
export function parseSaslSecret(secretArn: string, secretString: string | undefined): SaslCredentials {
  const fix = 'store it as a JSON string {"username":"…","password":"…"}';
  let value: unknown;
  try {
    value = JSON.parse(secretString ?? "");
  } catch {
    throw new KafkaCredentialsError(`secret ${secretArn} has no JSON SecretString; ${fix}`, secretArn);
  }
  const parsed = credentialsSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(value)"))];
    throw new KafkaCredentialsError(
      `secret ${secretArn} lacks a valid ${fields.join(" and ")}; ${fix}`,
      secretArn,
    );
  }
  return { username: parsed.data.username, password: parsed.data.password };
}

/** The region of a Secrets Manager ARN (`arn:aws:secretsmanager:<region>:…`). */
function regionOf(secretArn: string): string | undefined {
  return secretArn.split(":")[3] || undefined;
}

/**
 * Reads SASL credentials from Secrets Manager on the AWS endpoint the SDK resolves (`AWS_ENDPOINT_URL` locally, e.g.
 * moto; AWS otherwise), in the secret's region; once per secret, cached (a failed read is not, so a retried start
 * reads again).
 */
export class SecretsManagerCredentials {
  readonly #clients = new Map<string, SecretsManagerClient>();
  readonly #cache = new Map<string, Promise<SaslCredentials>>();

  /**
   * @throws {KafkaCredentialsError} when the secret cannot be read or is malformed.
   */
  get(secretArn: string): Promise<SaslCredentials> {
    let pending = this.#cache.get(secretArn);
    if (!pending) {
      pending = this.#fetch(secretArn);
      this.#cache.set(secretArn, pending);
      pending.catch(() => {
        if (this.#cache.get(secretArn) === pending) this.#cache.delete(secretArn);
      });
    }
    return pending;
  }

  /** Drops a cached secret (after the broker rejected it), so the next login reads it again. */
  forget(secretArn: string): void {
    this.#cache.delete(secretArn);
  }

  /** Releases the SDK clients. */
  close(): void {
    for (const client of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }

  async #fetch(secretArn: string): Promise<SaslCredentials> {
    const region = regionOf(secretArn) ?? "us-east-1";
    let client = this.#clients.get(region);
    if (!client) {
      client = new SecretsManagerClient({ region, maxAttempts: 3 });
      this.#clients.set(region, client);
    }
    let secretString: string | undefined;
    try {
      secretString = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString;
    } catch (error) {
      throw new KafkaCredentialsError(
        `cannot read secret ${secretArn} from Secrets Manager (${(error as Error).name}: ${(error as Error).message}); ` +
          "create it and check AWS_ENDPOINT_URL / the AWS credentials (locally the stack's moto holds it: " +
          "npm run stack -- up moto)",
        secretArn,
        { cause: error },
      );
    }
    return parseSaslSecret(secretArn, secretString);
  }
}

/**
 * The @platformatic/kafka SASL options of a mapping: its mechanism, with username and password read from its secret
 * when a connection authenticates; undefined without authentication.
 *
 * @example
 * new Consumer({ bootstrapBrokers, groupId, sasl: saslOptionsOf(mapping.authentication, credentials) });
 */
export function saslOptionsOf(
  authentication: KafkaAuthentication | null,
  credentials: SecretsManagerCredentials,
): SASLOptions | undefined {
  if (authentication === null) return undefined;
  const { mechanism, secretArn } = authentication;
  return {
    mechanism,
    username: async () => (await credentials.get(secretArn)).username,
    password: async () => (await credentials.get(secretArn)).password,
  };
}

function* causes(error: unknown, depth = 0): Generator<unknown> {
  if (depth > 8 || !(error instanceof Error)) return;
  yield error;
  yield* causes(error.cause, depth + 1);
  if (error instanceof AggregateError) for (const inner of error.errors) yield* causes(inner, depth + 1);
}

/**
 * The credentials problem behind a Kafka client error: the secret's own {@link KafkaCredentialsError}, or one saying
 * the broker rejected the secret's credentials; undefined when the error is not about authentication.
 *
 * @example
 * throw explainAuthenticationFailure(error, mapping.authentication, credentials) ?? error;
 */
export function explainAuthenticationFailure(
  error: unknown,
  authentication: KafkaAuthentication | null,
  credentials: SecretsManagerCredentials,
): KafkaCredentialsError | undefined {
  if (authentication === null) return undefined;
  const chain = [...causes(error)];
  const secretProblem = chain.find((cause) => cause instanceof KafkaCredentialsError);
  if (secretProblem) return secretProblem as KafkaCredentialsError;
  if (!chain.some((cause) => cause instanceof AuthenticationError)) return undefined;
  credentials.forget(authentication.secretArn);
  return new KafkaCredentialsError(
    `Kafka rejected the ${authentication.mechanism} credentials in secret ${authentication.secretArn}: put the ` +
      "username and password of a SASL user of the cluster into it, and point bootstrapServers at the cluster's " +
      "SASL listener",
    authentication.secretArn,
    { cause: error },
  );
}
