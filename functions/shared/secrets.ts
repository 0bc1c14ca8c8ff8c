import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { z } from "zod";
import { InvalidSecretError, SecretUnavailableError } from "./errors.ts";

/** A username and password read from a secret. */
export interface SecretCredentials {
  readonly username: string;
  readonly password: string;
}

// Other keys are allowed: AWS's database secrets also carry engine, host and port.
const credentialsSchema = z.object({ username: z.string().min(1), password: z.string().min(1) });

/**
 * Parses a secret's `SecretString` as `{"username","password"}` (the format of MSK / self-managed Kafka SASL secrets
 * and of AWS's database secrets). Error messages name the secret and the missing fields, never the value.
 *
 * @throws {InvalidSecretError} when the value is missing, not JSON, or lacks a non-empty username or password.
 * @example
 * parseCredentialsSecret("kafka", '{"username":"app","password":"s3cret"}').username; // "app"
 */
export function parseCredentialsSecret(
  secretId: string,
  secretString: string | undefined,
): SecretCredentials {
  const fix = 'store it as a JSON string {"username":"…","password":"…"}';
  if (secretString === undefined) {
    throw new InvalidSecretError(`secret ${secretId} has no SecretString; ${fix}`, secretId);
  }
  let value: unknown;
  try {
    value = JSON.parse(secretString);
  } catch {
    throw new InvalidSecretError(`secret ${secretId} is not JSON; ${fix}`, secretId);
  }
  const parsed = credentialsSchema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join(".") || "(value)"))];
    throw new InvalidSecretError(
      `secret ${secretId} lacks a valid ${fields.join(" and ")}; ${fix}`,
      secretId,
    );
  }
  return { username: parsed.data.username, password: parsed.data.password };
}

let client: SecretsManagerClient | undefined;
const cache = new Map<string, Promise<SecretCredentials>>();

async function fetchCredentials(secretId: string): Promise<SecretCredentials> {
  client ??= new SecretsManagerClient({ maxAttempts: 3 });
  let secretString: string | undefined;
  try {
    secretString = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  } catch (error) {
    const reason = `${(error as Error).name}: ${(error as Error).message}`;
    throw new SecretUnavailableError(
      `cannot read secret ${secretId} from Secrets Manager (${reason}); create it, let the function call ` +
        "secretsmanager:GetSecretValue on it, and check AWS_ENDPOINT_URL / AWS_REGION (locally the stack's moto " +
        "holds it: npm run stack -- up moto)",
      secretId,
      { cause: error },
    );
  }
  return parseCredentialsSecret(secretId, secretString);
}

/**
 * The credentials in a Secrets Manager secret (name or ARN), read once per container and cached; a failed read is
 * not cached, so the next call tries again. The AWS endpoint is the SDK's own (`AWS_ENDPOINT_URL` locally, e.g.
 * moto; AWS otherwise).
 *
 * @throws {SecretUnavailableError} when the secret cannot be read.
 * @throws {InvalidSecretError} when it is not `{"username","password"}`.
 * @example
 * const { username, password } = await credentialsFromSecret(process.env.CASSANDRA_SECRET_ID ?? "");
 */
export function credentialsFromSecret(secretId: string): Promise<SecretCredentials> {
  let pending = cache.get(secretId);
  if (!pending) {
    pending = fetchCredentials(secretId);
    cache.set(secretId, pending);
    pending.catch(() => {
      if (cache.get(secretId) === pending) cache.delete(secretId);
    });
  }
  return pending;
}

/**
 * Drops a cached secret, so that the next {@link credentialsFromSecret} reads it again (after a server rejected its
 * credentials, e.g. when they were rotated).
 *
 * @example
 * forgetSecret(secretId);
 */
export function forgetSecret(secretId: string): void {
  cache.delete(secretId);
}
