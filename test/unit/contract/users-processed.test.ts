import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { processedUserSchema, USER_COLUMNS } from "../../../functions/sink/processed-user.ts";

const CONTRACT = "test/fixtures/contract";
const schema = JSON.parse(readFileSync(`${CONTRACT}/users.processed.schema.json`, "utf8")) as {
  properties: Record<string, unknown>;
  required: string[];
};
const golden = readFileSync(`${CONTRACT}/users.processed.expected.jsonl`, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

/** The contract as zod, from the JSON Schema itself: the one source of truth for both sides. */
const contract = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);

describe("users.processed contract", () => {
  it("names exactly the columns of user_stream.users, all required", () => {
    const cql = readFileSync("infra/cassandra/002_users.cql", "utf8");
    const table = cql.slice(cql.indexOf("CREATE TABLE IF NOT EXISTS user_stream.users"));
    const columns = [
      ...table.slice(table.indexOf("(") + 1, table.indexOf(");")).matchAll(/^\s+(\w+) \w+/gm),
    ].map((match) => match[1]);
    expect(Object.keys(schema.properties)).toEqual(columns);
    expect(schema.required).toEqual(columns);
    expect(Object.keys(schema.properties)).toEqual(USER_COLUMNS);
  });

  it("holds for every golden processed record", () => {
    expect(golden.length).toBeGreaterThanOrEqual(10);
    for (const record of golden) {
      const result = contract.safeParse(record);
      expect(result.error?.issues ?? [], record.user_id as string).toEqual([]);
      expect(Object.keys(record)).toEqual(Object.keys(schema.properties));
    }
  });

  it("rejects records that break it", () => {
    const [first] = golden;
    expect(contract.safeParse({ ...first, extra: 1 }).success).toBe(false);
    expect(contract.safeParse({ ...first, age: "30" }).success).toBe(false);
    expect(contract.safeParse({ ...first, postcode: 63104 }).success).toBe(false);
    expect(contract.safeParse({ ...first, ingested_at: "yesterday" }).success).toBe(false);
    expect(contract.safeParse({ ...first, user_id: "not-a-uuid" }).success).toBe(false);
    const { country_code: _, ...missing } = first as Record<string, unknown>;
    expect(contract.safeParse(missing).success).toBe(false);
  });

  it("is accepted by the sink's own parser", () => {
    for (const record of golden) expect(processedUserSchema.safeParse(record).success).toBe(true);
  });
});
