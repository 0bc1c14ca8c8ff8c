import type { Client } from "cassandra-driver";

/** Reading back what the sink stored, by primary key, so that nothing is missed (or counted) by an index. */

const CHUNK = 100;

function chunks<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) =>
    items.slice(i * CHUNK, (i + 1) * CHUNK),
  );
}

/**
 * The rows of `users` among `ids`, asked by primary key: user id → its country_code.
 *
 * @example
 * const stored = await storedUsers(client, ["6a1f…", "c03e…"]); // Map { "6a1f…" => "DE" }
 */
export async function storedUsers(client: Client, ids: readonly string[]): Promise<Map<string, string>> {
  const stored = new Map<string, string>();
  for (const chunk of chunks(ids)) {
    const result = await client.execute(
      `SELECT user_id, country_code FROM users WHERE user_id IN (${chunk.map(() => "?").join(",")})`,
      chunk,
      { prepare: true },
    );
    for (const row of result.rows) stored.set(String(row.get("user_id")), String(row.get("country_code")));
  }
  return stored;
}

/**
 * How many times each of `ids` appears in `users_by_country`, over every country in `countries` (a user stored once
 * appears exactly once, under its own country).
 *
 * @example
 * const seen = await usersByCountryCounts(client, ["DE", "FR"], ids); // Map { id => 1, … }
 */
export async function usersByCountryCounts(
  client: Client,
  countries: Iterable<string>,
  ids: readonly string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const country of new Set(countries)) {
    for (const chunk of chunks(ids)) {
      const result = await client.execute(
        `SELECT user_id FROM users_by_country WHERE country_code = ? AND user_id IN (${chunk.map(() => "?").join(",")})`,
        [country, ...chunk],
        { prepare: true },
      );
      for (const row of result.rows) {
        const id = String(row.get("user_id"));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/** How many rows of `users` carry a seed (through the SAI index on `seed`). */
export async function seedRowCount(client: Client, seed: string): Promise<number> {
  const result = await client.execute("SELECT COUNT(*) AS n FROM users WHERE seed = ?", [seed], {
    prepare: true,
  });
  return Number(result.first()?.get("n"));
}
