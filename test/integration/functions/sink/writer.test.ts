import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { kafkaRecords } from "../../../../functions/shared/kafka-event.ts";
import { countryStatsSchema } from "../../../../functions/sink/country-stats.ts";
import { processedUserSchema } from "../../../../functions/sink/processed-user.ts";
import { writeRows } from "../../../../functions/sink/writer.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { cassandraClient } from "../../../../infra/stack/services/cassandra.ts";

const client = cassandraClient(loadStackConfig(), "user_stream");
const [userRecord, , , statsRecord] = kafkaRecords(
  JSON.parse(readFileSync("test/fixtures/sink/kafka-event.json", "utf8")),
);
const decode = (value: string | undefined) => JSON.parse(Buffer.from(value ?? "", "base64").toString("utf8"));

afterAll(async () => {
  await client.shutdown();
});

describe("sink writer on real Cassandra", () => {
  it("upserts a user into users and users_by_country; writing it twice leaves one row of each", async () => {
    const user = {
      ...processedUserSchema.parse(decode(userRecord?.value)),
      user_id: randomUUID(),
      country_code: "ZZ",
    };
    for (let i = 0; i < 2; i += 1)
      expect(await writeRows(client, [{ kind: "user", user }], 8)).toEqual([null]);
    const rows = await client.execute("SELECT * FROM users WHERE user_id = ?", [user.user_id], {
      prepare: true,
    });
    expect(rows.rowLength).toBe(1);
    expect(rows.first()?.get("full_name")).toBe(user.full_name);
    expect((rows.first()?.get("date_of_birth") as Date | undefined)?.toISOString()).toBe(user.date_of_birth);
    expect(rows.first()?.get("latitude")).toBe(user.latitude);
    const byCountry = await client.execute(
      "SELECT user_id, email FROM users_by_country WHERE country_code = ? AND user_id = ?",
      ["ZZ", user.user_id],
      { prepare: true },
    );
    expect(byCountry.rows.map((row) => row.get("email"))).toEqual([user.email]);
  });

  it("upserts a country window, the latest figures winning", async () => {
    const stats = {
      ...countryStatsSchema.parse(decode(statsRecord?.value)),
      country_code: `Z${randomUUID()}`,
    };
    await writeRows(client, [{ kind: "stats", stats }], 8);
    await writeRows(client, [{ kind: "stats", stats: { ...stats, users: 50, average_age: 40 } }], 8);
    const rows = await client.execute("SELECT users, average_age FROM country_stats WHERE country_code = ?", [
      stats.country_code,
    ]);
    expect(rows.rows.map((row) => [Number(row.get("users")), row.get("average_age")])).toEqual([[50, 40]]);
  });
});
