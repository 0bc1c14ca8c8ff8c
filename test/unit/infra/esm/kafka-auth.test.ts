import { describe, expect, it } from "vitest";
import { loadKafkaMappings } from "../../../../infra/esm/config.ts";
import { MappingConfigError } from "../../../../infra/esm/errors.ts";
import { kafkaAuthenticationOf } from "../../../../infra/esm/kafka-auth.ts";
import { KafkaCredentialsError, parseSaslSecret } from "../../../../infra/esm/kafka-credentials.ts";

const ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka";
const OTHER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other";

function authOf(access: Record<string, unknown>) {
  const problems: string[] = [];
  const auth = kafkaAuthenticationOf(access, "functions.sink.events[0].kafka", problems);
  return { auth, problems };
}

describe("kafkaAuthenticationOf", () => {
  it.each([
    ["saslScram512Auth", "SCRAM-SHA-512"],
    ["saslScram256Auth", "SCRAM-SHA-256"],
    ["saslPlainAuth", "PLAIN"],
  ])("maps %s to %s with its secret", (key, mechanism) => {
    expect(authOf({ [key]: [ARN] })).toEqual({ auth: { mechanism, secretArn: ARN }, problems: [] });
  });

  it("means no SASL for a VPC-only configuration", () => {
    expect(authOf({ vpcSubnet: ["subnet-1"], vpcSecurityGroup: ["sg-1"] })).toEqual({
      auth: null,
      problems: [],
    });
  });

  it("refuses several SASL methods, several secrets and TLS, naming the path", () => {
    expect(authOf({ saslScram512Auth: [ARN], saslPlainAuth: [ARN] }).problems).toEqual([
      "functions.sink.events[0].kafka.accessConfigurations: name one SASL method, not saslScram512Auth and " +
        "saslPlainAuth (SASL_SCRAM_512_AUTH, BASIC_AUTH)",
    ]);
    expect(authOf({ saslScram256Auth: [ARN, OTHER] }).problems).toEqual([
      "functions.sink.events[0].kafka.accessConfigurations.saslScram256Auth: name one secret, not 2",
    ]);
    expect(authOf({ saslScram512Auth: [ARN], clientCertificateTlsAuth: [OTHER] }).problems).toEqual([
      "functions.sink.events[0].kafka.accessConfigurations.clientCertificateTlsAuth: TLS to the cluster is not " +
        "supported by the local engine",
    ]);
  });

  it("is part of the loaded mapping, and its problems are MappingConfigError problems", () => {
    const service = (accessConfigurations: Record<string, unknown>) => ({
      service: "s",
      provider: { name: "aws", stage: "local" },
      functions: {
        fn: {
          handler: "h.h",
          events: [{ kafka: { topic: "t", bootstrapServers: ["b:9094"], accessConfigurations } }],
        },
      },
    });
    expect(loadKafkaMappings(service({ saslScram512Auth: [ARN] }))[0]?.authentication).toEqual({
      mechanism: "SCRAM-SHA-512",
      secretArn: ARN,
    });
    expect(() => loadKafkaMappings(service({ saslScram512Auth: [ARN], saslScram256Auth: [ARN] }))).toThrow(
      MappingConfigError,
    );
  });
});

describe("parseSaslSecret", () => {
  it("reads the MSK / self-managed Kafka format", () => {
    expect(parseSaslSecret(ARN, '{"username":"app","password":"pw"}')).toEqual({
      username: "app",
      password: "pw",
    });
  });

  it.each([
    ["no value", undefined, /has no JSON SecretString/],
    ["not JSON", "app:pw", /has no JSON SecretString/],
    ["no username", '{"password":"pw"}', /lacks a valid username;/],
  ])("rejects %s with KafkaCredentialsError naming the secret, never the value", (_, value, message) => {
    expect(() => parseSaslSecret(ARN, value)).toThrow(KafkaCredentialsError);
    expect(() => parseSaslSecret(ARN, value)).toThrow(message);
    expect(() => parseSaslSecret(ARN, value)).toThrow(new RegExp(`secret ${ARN}`));
    try {
      parseSaslSecret(ARN, value);
    } catch (error) {
      expect((error as Error).message).not.toContain("pw");
    }
  });
});
