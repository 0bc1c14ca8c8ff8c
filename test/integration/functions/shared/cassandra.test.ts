import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeCassandraClient, connectCassandra } from "../../../../functions/shared/cassandra.ts";
import {
  CredentialsRejectedError,
  InvalidSecretError,
  SecretUnavailableError,
} from "../../../../functions/shared/errors.ts";
import { kafkaRecords } from "../../../../functions/shared/kafka-event.ts";
import { processedUserSchema } from "../../../../functions/sink/processed-user.ts";
import { writeRows } from "../../../../functions/sink/writer.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { cassandraClient } from "../../../../infra/stack/services/cassandra.ts";
import { awsEndpointOf } from "../../../../infra/stack/services/moto.ts";
import { CASSANDRA_SECRET_NAME, functionsSecurityEnv } from "../../../../infra/stack/services/secrets.ts";

const config = loadStackConfig();
const secrets = new SecretsManagerClient(awsEndpointOf(config));
const admin = cassandraClient(config, "user_stream");
const [userRecord] = kafkaRecords(JSON.parse(readFileSync("test/fixtures/sink/kafka-event.json", "utf8")));
const user = processedUserSchema.parse(
  JSON.parse(Buffer.from(userRecord?.value ?? "", "base64").toString("utf8")),
);
const saved = { ...process.env };

async function secretWith(value: string): Promise<string> {
  const name = `it-cassandra-${randomUUID()}`;
  await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  return name;
}

/** The sink's environment as the stack gives it to the functions, with another secret if given. */
function useSecret(secretId: string): void {
  Object.assign(process.env, functionsSecurityEnv(config), {
    CASSANDRA_CONTACT_POINTS: `127.0.0.1:${config.cassandra.port}`,
    CASSANDRA_SECRET_ID: secretId,
  });
}

beforeAll(() => {
  expect(config.cassandra.auth).toBe(true);
});

afterEach(async () => {
  await closeCassandraClient();
  process.env = { ...saved };
});

afterAll(async () => {
  secrets.destroy();
  await admin.shutdown();
});

describe("the functions' Cassandra client with credentials from Secrets Manager", () => {
  it("logs in as the application role from the stack's secret and the sink writes through it", async () => {
    useSecret(CASSANDRA_SECRET_NAME);
    const client = await connectCassandra();
    const row = { ...user, user_id: randomUUID(), country_code: "ZY" };
    expect(await writeRows(client, [{ kind: "user", user: row }], 4)).toEqual([null]);
    const stored = await admin.execute("SELECT full_name FROM users WHERE user_id = ?", [row.user_id], {
      prepare: true,
    });
    expect(stored.first()?.get("full_name")).toBe(row.full_name);
  });

  it("gives the application role no more than MODIFY on user_stream", async () => {
    useSecret(CASSANDRA_SECRET_NAME);
    const client = await connectCassandra();
    await expect(client.execute("SELECT * FROM users LIMIT 1")).rejects.toThrow(/has no SELECT permission/);
    await expect(
      client.execute(
        "CREATE KEYSPACE it_not_allowed WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
      ),
    ).rejects.toThrow(/has no CREATE permission/);
  });

  it("fails with CredentialsRejectedError naming the secret when its password is wrong", async () => {
    const secretId = await secretWith(
      JSON.stringify({ username: "user_stream_app", password: "wrong-password" }),
    );
    useSecret(secretId);
    const error = await connectCassandra().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CredentialsRejectedError);
    expect(error).toMatchObject({ name: "CredentialsRejectedError", secretId, service: "cassandra" });
    expect((error as Error).message).toContain(secretId);
    expect((error as Error).message).not.toContain("wrong-password");
  });

  it("fails with SecretUnavailableError when the secret does not exist", async () => {
    const secretId = `it-missing-${randomUUID()}`;
    useSecret(secretId);
    const error = await connectCassandra().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`cannot read secret ${secretId}.*ResourceNotFound`));
  });

  it("fails with InvalidSecretError when the secret is not {username, password}", async () => {
    const secretId = await secretWith(JSON.stringify({ user: "user_stream_app", pass: "x" }));
    useSecret(secretId);
    const error = await connectCassandra().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidSecretError);
    expect((error as Error).message).toContain(`secret ${secretId} lacks a valid username and password`);
  });
});
