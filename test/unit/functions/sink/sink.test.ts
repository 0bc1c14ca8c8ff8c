import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { DeadLetter } from "../../../../functions/shared/dead-letter.ts";
import { InvalidPayloadError } from "../../../../functions/shared/errors.ts";
import { kafkaRecords } from "../../../../functions/shared/kafka-event.ts";
import { sink } from "../../../../functions/sink/sink.ts";
import type { Row } from "../../../../functions/sink/writer.ts";

const event = JSON.parse(readFileSync("test/fixtures/sink/kafka-event.json", "utf8")) as unknown;
const topics = { users: "users.processed", stats: "users.stats", deadLetter: "users.dlq" };

function run(write: (rows: Row[]) => Promise<(Error | null)[]>) {
  const sent: { key: string; value: string }[] = [];
  return sink(kafkaRecords(event), {
    topics,
    write,
    sendDeadLetters: async (messages) => {
      sent.push(...messages);
    },
  }).then((result) => ({
    ...result,
    letters: sent.map((m) => ({ key: m.key, ...(JSON.parse(m.value) as DeadLetter) })),
  }));
}

describe("sink", () => {
  it("writes valid users and stats, dead-letters bad JSON and schema failures with reason and coordinates", async () => {
    const written: Row[] = [];
    const { response, summary, letters } = await run(async (rows) => {
      written.push(...rows);
      return rows.map(() => null);
    });
    expect(written.map((row) => row.kind)).toEqual(["user", "stats"]);
    expect(response).toEqual({ batchItemFailures: [] });
    expect(summary).toEqual({ records: 4, written: 2, deadLettered: 2, failed: 0 });
    expect(letters.map((l) => [l.key, l.error, l.origin])).toEqual([
      ["not-json", "UndecodableRecordError", { topic: "users.processed", partition: 0, offset: 11 }],
      ["bad-schema", "InvalidUserError", { topic: "users.processed", partition: 0, offset: 12 }],
    ]);
    expect(letters[1]?.reason).toMatch(/value\.user_id: .*value\.age: /);
    expect(letters.every((l) => l.stage === "sink")).toBe(true);
  });

  it("reports rows it could not write as batch item failures, never as success", async () => {
    const { response, summary } = await run(async (rows) =>
      rows.map((row) => (row.kind === "user" ? new Error("Cassandra timeout during write") : null)),
    );
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: { partition: "users.processed-0", offset: 10 } },
    ]);
    expect(summary).toMatchObject({ written: 1, failed: 1 });
  });

  it("fails the whole invocation when dead letters cannot be sent, so that nothing is lost", async () => {
    const records = kafkaRecords(event);
    const attempt = sink(records, {
      topics,
      write: async (rows) => rows.map(() => null),
      sendDeadLetters: async () => {
        throw new Error("broker unavailable");
      },
    });
    await expect(attempt).rejects.toThrow("broker unavailable");
  });

  it("rejects an event that is not a Kafka event", () => {
    expect(() => kafkaRecords({ Records: [] })).toThrow(InvalidPayloadError);
  });

  it("keeps each partition's records in offset order", () => {
    const shuffled = structuredClone(event) as { records: Record<string, { offset: number }[]> };
    shuffled.records["users.processed-0"]?.reverse();
    expect(kafkaRecords(shuffled).map((r) => r.offset)).toEqual([10, 11, 12, 3]);
  });
});
