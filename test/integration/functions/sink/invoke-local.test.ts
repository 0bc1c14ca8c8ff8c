import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { DeadLetter } from "../../../../functions/shared/dead-letter.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { cassandraClient } from "../../../../infra/stack/services/cassandra.ts";
import { bootstrapServersOf } from "../../../../infra/stack/services/kafka.ts";
import { functionsSecurityEnv } from "../../../../infra/stack/services/secrets.ts";
import { endOffsets, readBetween } from "../../../support/kafka.ts";

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const client = cassandraClient(config, "user_stream");

afterAll(async () => {
  await client.shutdown();
});

describe("sink through sls invoke local", () => {
  it("stores the valid records of an AWS-shaped Kafka event and dead-letters the others", async () => {
    const before = await endOffsets(brokers, "users.dlq");
    const { stdout } = await promisify(execFile)(
      "npx",
      ["sls", "invoke", "local", "-f", "sink", "--path", "test/fixtures/sink/kafka-event.json"],
      {
        env: {
          ...process.env,
          CASSANDRA_CONTACT_POINTS: `127.0.0.1:${config.cassandra.port}`,
          POWERTOOLS_LOG_LEVEL: "ERROR",
          ...functionsSecurityEnv(config),
        },
      },
    );
    expect(JSON.parse(stdout.slice(stdout.lastIndexOf("\n{")))).toEqual({ batchItemFailures: [] });
    const user = await client.execute("SELECT full_name FROM users WHERE user_id = ?", [
      "7a0eed16-9430-4d68-901f-c0d4c1c3bf00",
    ]);
    expect(user.first()?.get("full_name")).toBe("Jennie Nichols");
    const letters = (await readBetween(brokers, "users.dlq", before, await endOffsets(brokers, "users.dlq")))
      .map((message) => JSON.parse(message.value) as DeadLetter)
      .filter((letter) => letter.stage === "sink" && letter.origin.topic === "users.processed");
    expect(letters.map((letter) => letter.origin.offset).sort()).toEqual([11, 12]);
  });
});
