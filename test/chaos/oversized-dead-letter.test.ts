import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  mappingFor,
  newTopic,
  produce,
  runEngine,
  useEngineFixture,
} from "../integration/infra/esm/support/harness.ts";
import { deadLettersBetween } from "../support/dead-letters.ts";
import { endOffsets } from "../support/kafka.ts";
import { storedCount, usersOfNewCountry } from "../support/processed-users.ts";
import { chaosContext, DEAD_LETTER_TOPIC } from "./support/scenario.ts";
import { forwardToSink } from "./support/sink-forwarder.ts";

/** How long the records after the poison may take to be stored (they take about a second when nothing is wrong). */
const WAIT_MS = 20_000;

const ctx = chaosContext();
const fx = useEngineFixture();

afterAll(() => ctx.close());

describe("chaos: a poison record whose dead letter does not fit in a Kafka message", () => {
  // 700 KB of `"` would make a 1.4 MB dead letter, more than the broker accepts: the letter must carry a preview.
  it("is dead-lettered with its reason, and the users around it are stored", async () => {
    // A throwaway topic read by a mapping that forwards to the real sink, so that the stack's own mappings are not
    // blocked by the poison.
    const topic = await newTopic("chaos-oversized", 1);
    const { country, users } = usersOfNewCountry(10, "chaos-oversized");
    const poisonKey = `oversized-${randomUUID()}`;
    await produce(topic, [
      ...users.slice(0, 5).map((u) => ({ key: u.user_id, value: JSON.stringify(u), partition: 0 })),
      { key: poisonKey, value: '"'.repeat(700_000), partition: 0 },
      ...users.slice(5).map((u) => ({ key: u.user_id, value: JSON.stringify(u), partition: 0 })),
    ]);
    const dlqBefore = await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC);
    fx.lambda.handler = (event) => forwardToSink(ctx.lambda, event, topic);
    const mapping = mappingFor(
      topic,
      {
        accessConfigurations: { vpcSubnet: ["subnet-chaos"], vpcSecurityGroup: ["sg-chaos"] },
        batchSize: 100,
        maximumBatchingWindow: 1,
        provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 1 },
      },
      { functionResponseTypes: ["ReportBatchItemFailures"] },
    );
    fx.engine = await runEngine(mapping, fx.lambda);
    const deadline = Date.now() + WAIT_MS;
    while ((await storedCount(ctx.cassandra(), country)) < users.length && Date.now() < deadline) {
      await sleep(500);
    }
    const letters = await deadLettersBetween(
      ctx.brokers,
      DEAD_LETTER_TOPIC,
      dlqBefore,
      await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC),
    );
    expect(await storedCount(ctx.cassandra(), country)).toBe(users.length);
    const letter = letters.find((l) => l.key === poisonKey);
    expect(letter?.error).toBe("UndecodableRecordError");
    expect(letter?.reason.length).toBeGreaterThan(0);
  });
});
