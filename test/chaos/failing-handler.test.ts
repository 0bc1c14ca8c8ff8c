import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  groupOffsets,
  mappingFor,
  newTopic,
  produce,
  runEngine,
  useEngineFixture,
} from "../integration/infra/esm/support/harness.ts";
import { deadLettersBetween } from "../support/dead-letters.ts";
import { endOffsets } from "../support/kafka.ts";
import { usersOfNewCountry } from "../support/processed-users.ts";
import { ledgerOf } from "./support/ledger.ts";
import { recordFigures } from "./support/report.ts";
import { chaosContext, DEAD_LETTER_TOPIC } from "./support/scenario.ts";
import { forwardToSink } from "./support/sink-forwarder.ts";

const PARTITIONS = 3;

const ctx = chaosContext();
const fx = useEngineFixture();

afterAll(() => ctx.close());

const userIdOf = (record: { value?: string }) =>
  (JSON.parse(Buffer.from(record.value ?? "", "base64").toString("utf8")) as { user_id: string }).user_id;

describe("chaos: a handler that throws for particular records", () => {
  it("retries, bisects down to those records and sends only them to users.dlq; every other user is stored once", async () => {
    const topic = await newTopic("chaos-throws", PARTITIONS);
    const { country, users } = usersOfNewCountry(600, "chaos-throws");
    const refused = new Set(users.filter((_, i) => i % 97 === 13).map((u) => u.user_id));
    await produce(
      topic,
      users.map((u, i) => ({ key: u.user_id, value: JSON.stringify(u), partition: i % PARTITIONS })),
    );
    const dlqBefore = await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC);
    fx.lambda.handler = async (event) => {
      const ids = Object.values(event.records).flat().map(userIdOf);
      const bad = ids.filter((id) => refused.has(id));
      if (bad.length > 0) throw new Error(`refusing users ${bad.join(", ")}`);
      return forwardToSink(ctx.lambda, event, topic);
    };
    const mapping = mappingFor(
      topic,
      {
        // No SASL for this throwaway mapping: it reads the plaintext listener.
        accessConfigurations: { vpcSubnet: ["subnet-chaos"], vpcSecurityGroup: ["sg-chaos"] },
        batchSize: 100,
        maximumBatchingWindow: 1,
        onFailureDestination: `kafka://${DEAD_LETTER_TOPIC}`,
        provisionedPollerConfig: { minimumPollers: 1, maximumPollers: 2 },
      },
      {
        maximumRetryAttempts: 2,
        bisectBatchOnFunctionError: true,
        functionResponseTypes: ["ReportBatchItemFailures"],
      },
    );
    const startedAt = Date.now();
    fx.engine = await runEngine(mapping, fx.lambda);
    const ends = await endOffsets(ctx.brokers, topic);
    const committed = async () => {
      const offsets = await groupOffsets(mapping.consumerGroupId, topic);
      return [...ends].every(([partition, end]) => offsets.get(partition) === end);
    };
    const deadline = Date.now() + 120_000;
    while (!(await committed())) {
      if (Date.now() > deadline) throw new Error("the mapping did not commit every partition in 120 s");
      await sleep(250);
    }
    const recoveredAt = Date.now();
    const letters = await deadLettersBetween(
      ctx.brokers,
      DEAD_LETTER_TOPIC,
      dlqBefore,
      await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC),
    );
    const ours = letters.filter((l) => l.stage === "mapping" && l.origin.topic === topic);
    const expected = users.map((u, index) => ({ userId: u.user_id, page: 1, index }));
    const ledger = await ledgerOf(ctx.cassandra(), "-", expected, ours);
    const status = (await fx.engine.status()).mappings[0];
    await recordFigures(ctx.config, {
      fault: "handler throws for chosen records",
      injected:
        `a function that throws for ${refused.size} of ${users.length} users (forwarding the others to the real ` +
        "sink), behind a mapping with bisectBatchOnFunctionError, maximumRetryAttempts 2 and on-failure " +
        "destination kafka://users.dlq",
      seed: country,
      usersIn: users.length,
      rowsStored: ledger.stored,
      deadLettered: ledger.deadLettered,
      lost: ledger.lost.length,
      duplicated: ledger.duplicated.length,
      outageMs: null,
      recoveryMs: recoveredAt - startedAt,
      retriedInvocations: 0,
      notes: [
        `engine counters: ${JSON.stringify(status?.counters ?? {})}`,
        `failure records: ${ours.length}, each ${[...new Set(ours.map((l) => l.reason))].join(" / ")}`,
      ],
    });
    expect(ledger.lost).toEqual([]);
    expect(ledger.duplicated).toEqual([]);
    expect(ledger.notInByCountry).toEqual([]);
    expect(ledger.stored).toBe(users.length - refused.size);
    // Exactly the refused users were dead-lettered, one failure record each, with its reason.
    expect(ours.flatMap((l) => l.userIds).sort()).toEqual([...refused].sort());
    expect(ours.every((l) => l.reason === "RetryAttemptsExhausted (Unhandled)")).toBe(true);
    expect(ledger.storedAndDeadLettered).toBe(0);
  });
});
