import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { afterAll, describe, expect, it } from "vitest";
import type { DeadLetter } from "../../../../functions/shared/dead-letter.ts";
import type { ProcessedUser } from "../../../../functions/sink/processed-user.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { stderrReport } from "../../../../infra/stack/report.ts";
import { cassandra, cassandraClient } from "../../../../infra/stack/services/cassandra.ts";
import { bootstrapServersOf } from "../../../../infra/stack/services/kafka.ts";
import { down, up } from "../../../../infra/stack/stack.ts";
import { endOffsets, groupLag, readBetween } from "../../../support/kafka.ts";
import { storedCount, usersOfNewCountry } from "../../../support/processed-users.ts";

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const GROUP = "realtime-data-streaming-local-sink-users.processed";
const producer = new Producer({
  clientId: "it-sink-mapping",
  bootstrapBrokers: brokers,
  idempotent: true,
  acks: ProduceAcks.ALL,
  serializers: stringSerializers,
});
let client = cassandraClient(config, "user_stream");

async function produce(values: { key: string; value: string }[]): Promise<void> {
  await producer.send({ messages: values.map((v) => ({ topic: "users.processed", ...v })) });
}

const asMessages = (list: ProcessedUser[]) => list.map((u) => ({ key: u.user_id, value: JSON.stringify(u) }));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

afterAll(async () => {
  await producer.close();
  await client.shutdown();
});

describe("sink through the Kafka event-source mapping (serverless-offline + infra/esm)", () => {
  it("stores N records as exactly N rows, and a replay of the same records leaves N rows", async () => {
    const batch = usersOfNewCountry(1500, "T");
    await produce(asMessages(batch.users));
    await waitFor("1500 rows", async () => (await storedCount(client, batch.country)) === 1500);
    await produce(asMessages(batch.users));
    await waitFor(
      "the replay to be consumed",
      async () => (await groupLag(brokers, GROUP, "users.processed")) === 0n,
    );
    expect(await storedCount(client, batch.country)).toBe(1500);
  });

  it("dead-letters poison records with their reasons while storing the good records of the same batch", async () => {
    const batch = usersOfNewCountry(20, "T");
    const before = await endOffsets(brokers, "users.dlq");
    const poison = [
      { key: `poison-${randomUUID()}`, value: "{not json" },
      { key: `poison-${randomUUID()}`, value: JSON.stringify({ ...batch.users[0], user_id: "not-a-uuid" }) },
      { key: `poison-${randomUUID()}`, value: JSON.stringify({ hello: "world" }) },
    ];
    const messages = asMessages(batch.users);
    await produce([...messages.slice(0, 10), ...poison, ...messages.slice(10)]);
    await waitFor("20 rows", async () => (await storedCount(client, batch.country)) === 20);
    await waitFor(
      "the batch to be committed",
      async () => (await groupLag(brokers, GROUP, "users.processed")) === 0n,
    );
    const letters = (await readBetween(brokers, "users.dlq", before, await endOffsets(brokers, "users.dlq")))
      .map((m) => ({ key: m.key, letter: JSON.parse(m.value) as DeadLetter }))
      .filter(({ key }) => poison.some((p) => p.key === key));
    expect(letters).toHaveLength(3);
    expect(letters.map(({ letter }) => letter.error).sort()).toEqual([
      "InvalidUserError",
      "InvalidUserError",
      "UndecodableRecordError",
    ]);
    expect(
      letters.every(({ letter }) => letter.stage === "sink" && letter.origin.topic === "users.processed"),
    ).toBe(true);
  });

  it("loses nothing while Cassandra is stopped mid-stream", async () => {
    const batch = usersOfNewCountry(600, "T");
    await produce(asMessages(batch.users.slice(0, 300)));
    await client.shutdown();
    await down(config, [cassandra], { purge: false }, stderrReport);
    await produce(asMessages(batch.users.slice(300)));
    await sleep(5_000);
    await up(config, [cassandra], stderrReport);
    client = cassandraClient(config, "user_stream");
    await waitFor(
      "600 rows after Cassandra came back",
      async () => (await storedCount(client, batch.country)) === 600,
      120_000,
    );
  }, 240_000);
});
