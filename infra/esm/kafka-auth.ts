import type { KafkaEvent } from "./config-schema.ts";

/** The SASL mechanisms a mapping's access configuration selects. */
export type SaslMechanism = "SCRAM-SHA-512" | "SCRAM-SHA-256" | "PLAIN";

/** How a mapping authenticates to its cluster: a SASL mechanism and the secret with `{"username","password"}`. */
export interface KafkaAuthentication {
  readonly mechanism: SaslMechanism;
  /** The Secrets Manager secret's ARN (a partial ARN, without the random suffix, works too). */
  readonly secretArn: string;
}

/** osls's access configuration keys → Lambda's SourceAccessConfiguration types and the SASL mechanism. */
const SASL_KEYS = {
  saslScram512Auth: { type: "SASL_SCRAM_512_AUTH", mechanism: "SCRAM-SHA-512" },
  saslScram256Auth: { type: "SASL_SCRAM_256_AUTH", mechanism: "SCRAM-SHA-256" },
  saslPlainAuth: { type: "BASIC_AUTH", mechanism: "PLAIN" },
} as const;

const TLS_KEYS = ["clientCertificateTlsAuth", "serverRootCaCertificate"] as const;

/**
 * The SASL authentication an event's `accessConfigurations` asks for, as Lambda applies them to a self-managed
 * Kafka cluster: `saslScram512Auth` (SASL_SCRAM_512_AUTH), `saslScram256Auth` (SASL_SCRAM_256_AUTH) or
 * `saslPlainAuth` (BASIC_AUTH, SASL/PLAIN), each naming one secret with `{"username","password"}`; null when it names
 * none (only `vpcSubnet` / `vpcSecurityGroup`: an unauthenticated cluster). Problems are pushed with their path:
 * several SASL methods or secrets (Lambda takes one), and the TLS settings, which this engine does not support.
 *
 * @example
 * kafkaAuthenticationOf({ saslScram512Auth: [arn] }, "functions.sink.events[0].kafka", []);
 * // { mechanism: "SCRAM-SHA-512", secretArn: arn }
 */
export function kafkaAuthenticationOf(
  access: KafkaEvent["accessConfigurations"],
  path: string,
  problems: string[],
): KafkaAuthentication | null {
  for (const key of TLS_KEYS) {
    if (access[key] !== undefined) {
      problems.push(
        `${path}.accessConfigurations.${key}: TLS to the cluster is not supported by the local engine`,
      );
    }
  }
  const named = (Object.keys(SASL_KEYS) as (keyof typeof SASL_KEYS)[]).filter(
    (key) => access[key] !== undefined,
  );
  if (named.length > 1) {
    problems.push(
      `${path}.accessConfigurations: name one SASL method, not ${named.join(" and ")} (${named
        .map((key) => SASL_KEYS[key].type)
        .join(", ")})`,
    );
    return null;
  }
  const [key] = named;
  if (key === undefined) return null;
  const secrets = access[key] ?? [];
  if (secrets.length !== 1) {
    problems.push(`${path}.accessConfigurations.${key}: name one secret, not ${secrets.length}`);
    return null;
  }
  return { mechanism: SASL_KEYS[key].mechanism, secretArn: secrets[0] as string };
}
