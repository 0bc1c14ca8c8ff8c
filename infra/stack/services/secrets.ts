import {
  CreateSecretCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import type { StackConfig } from "../config.ts";
import { cassandraCredentials } from "./cassandra.ts";
import type { Credentials } from "./credentials.ts";
import { kafkaCredentials, saslBootstrapServersOf } from "./kafka.ts";
import { awsEndpointOf } from "./moto.ts";

/** The secret holding the application's Cassandra role: `{"username","password"}`. */
export const CASSANDRA_SECRET_NAME = "realtime-data-streaming/local/cassandra";

/** The secret holding the application's Kafka SCRAM user, in the MSK / self-managed Kafka format `{"username","password"}`. */
export const KAFKA_SECRET_NAME = "realtime-data-streaming/local/kafka";

/**
 * The Kafka secret's ARN as serverless.yml names it for the mappings (a partial ARN: Secrets Manager, and moto,
 * resolve it by name).
 */
export function kafkaSecretArnOf(config: StackConfig): string {
  return `arn:aws:secretsmanager:${awsEndpointOf(config).region}:000000000000:secret:${KAFKA_SECRET_NAME}`;
}

/** The secrets the stack keeps on its AWS endpoint, by name. */
export function stackSecrets(config: StackConfig): Map<string, Credentials> {
  const secrets = new Map<string, Credentials>([[KAFKA_SECRET_NAME, kafkaCredentials(config)]]);
  if (config.cassandra.auth) secrets.set(CASSANDRA_SECRET_NAME, cassandraCredentials(config).app);
  return secrets;
}

/**
 * Writes the application's credentials to Secrets Manager on the stack's AWS endpoint (moto, in-memory: every `up`
 * writes them again from the stack's state directory).
 *
 * @returns the names of the secrets written.
 * @example
 * await publishStackSecrets(loadStackConfig()); // ["realtime-data-streaming/local/kafka", ...]
 */
export async function publishStackSecrets(config: StackConfig): Promise<string[]> {
  const client = new SecretsManagerClient({ ...awsEndpointOf(config), maxAttempts: 2 });
  try {
    for (const [name, credentials] of stackSecrets(config)) {
      const SecretString = JSON.stringify({ username: credentials.username, password: credentials.password });
      try {
        await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        await client.send(new CreateSecretCommand({ Name: name, SecretString }));
      }
    }
    return [...stackSecrets(config).keys()];
  } finally {
    client.destroy();
  }
}

/**
 * The environment that points the functions (and their Kafka mappings) at the stack's secured endpoints: the AWS
 * endpoint for Secrets Manager, the SCRAM listener with its secret, and the Cassandra secret when authentication is
 * on. Secret names only; no credentials.
 *
 * @example
 * spawn(serverless, ["offline", "start"], { env: { ...process.env, ...functionsSecurityEnv(config) } });
 */
export function functionsSecurityEnv(config: StackConfig): Record<string, string> {
  const aws = awsEndpointOf(config);
  return {
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: aws.region,
    AWS_ACCESS_KEY_ID: aws.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: aws.credentials.secretAccessKey,
    KAFKA_BOOTSTRAP_SERVERS: saslBootstrapServersOf(config).join(","),
    KAFKA_SASL_SECRET_ID: KAFKA_SECRET_NAME,
    KAFKA_SECRET_ARN: kafkaSecretArnOf(config),
    ...(config.cassandra.auth ? { CASSANDRA_SECRET_ID: CASSANDRA_SECRET_NAME } : {}),
  };
}
