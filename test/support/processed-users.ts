import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Client } from "cassandra-driver";
import { kafkaRecords } from "../../functions/shared/kafka-event.ts";
import { type ProcessedUser, processedUserSchema } from "../../functions/sink/processed-user.ts";

/** The processed user of the sink's fixture event (test/fixtures/sink/kafka-event.json). */
const template = processedUserSchema.parse(
  JSON.parse(
    Buffer.from(
      kafkaRecords(JSON.parse(readFileSync("test/fixtures/sink/kafka-event.json", "utf8")))[0]?.value ?? "",
      "base64",
    ).toString("utf8"),
  ),
);

/** `n` processed users, each with a fresh id, all of one country code that nothing else uses. */
export function usersOfNewCountry(n: number, prefix: string): { country: string; users: ProcessedUser[] } {
  const country = `${prefix}-${randomUUID()}`;
  return {
    country,
    users: Array.from({ length: n }, () => ({ ...template, user_id: randomUUID(), country_code: country })),
  };
}

/** How many users of a country are stored (users_by_country). */
export async function storedCount(client: Client, country: string): Promise<number> {
  const result = await client.execute(
    "SELECT COUNT(*) AS n FROM users_by_country WHERE country_code = ?",
    [country],
    {
      prepare: true,
    },
  );
  return Number(result.first()?.get("n"));
}
