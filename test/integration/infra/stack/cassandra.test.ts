import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { applySchema, cassandraClient } from "../../../../infra/stack/services/cassandra.ts";

const client = cassandraClient(loadStackConfig(), "user_stream");

afterAll(async () => {
  await client.shutdown();
});

describe("Cassandra 5.0", () => {
  it("runs 5.0 and has the user_stream keyspace with the users table", async () => {
    const local = await client.execute("SELECT release_version FROM system.local");
    expect(local.first()?.get("release_version")).toMatch(/^5\.0\./);
    const tables = await client.execute(
      "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?",
      ["user_stream"],
    );
    expect(tables.rows.map((row) => row.get("table_name"))).toContain("users");
  });

  it("inserts and selects with prepared statements, and an upsert of the same id keeps one row", async () => {
    const userId = randomUUID();
    const insert = "INSERT INTO users (user_id, first_name, country, age) VALUES (?, ?, ?, ?)";
    await client.execute(insert, [userId, "Ada", "Germany", 36], { prepare: true });
    await client.execute(insert, [userId, "Ada", "Germany", 37], { prepare: true });
    const result = await client.execute(
      "SELECT first_name, country, age FROM users WHERE user_id = ?",
      [userId],
      {
        prepare: true,
      },
    );
    expect(result.rows).toHaveLength(1);
    expect(result.first()?.get("age")).toBe(37);
  });

  it("re-applies the schema without error", async () => {
    expect(await applySchema(client)).toBeGreaterThan(0);
  });
});
