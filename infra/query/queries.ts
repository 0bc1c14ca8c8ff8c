import type { Client } from "cassandra-driver";
import type { QueryCommand } from "./args.ts";
import { UserNotFoundError } from "./errors.ts";
import { summarizeStats } from "./stats-summary.ts";
import { plainRow, plainValue, type Row } from "./values.ts";

/** What a command found: rows for a table, or one record (a user, a count). */
export type QueryResult = { kind: "rows"; columns: string[]; rows: Row[] } | { kind: "record"; record: Row };

/** Full scans (COUNT(*), the stats summary) may take longer than the client's default read timeout. */
const SCAN_TIMEOUT_MS = 120_000;
const FETCH_SIZE = 1_000;

const USER_LIST_COLUMNS = "user_id, full_name, email, age, city, country_code, registered_at";
const COUNTRY_USER_COLUMNS = "country_code, user_id, full_name, email, age, city, registered_at";
const STATS_COLUMNS = "country_code, window_start, window_end, users, average_age, updated_at";

async function rows(client: Client, query: string, params: unknown[]): Promise<QueryResult> {
  const result = await client.execute(query, params, { prepare: true });
  const columns = result.columns.map((column) => column.name);
  return { kind: "rows", columns, rows: result.rows.map((row) => plainRow(row, columns)) };
}

async function count(client: Client, query: string, params: unknown[]): Promise<number> {
  const result = await client.execute(query, params, { prepare: true, readTimeout: SCAN_TIMEOUT_MS });
  return Number(plainValue(result.first()?.get("count")) ?? 0);
}

async function statsSummary(client: Client, limit: number): Promise<QueryResult> {
  const result = await client.execute(
    "SELECT country_code, window_start, users, average_age FROM country_stats",
    [],
    {
      prepare: true,
      fetchSize: FETCH_SIZE,
      readTimeout: SCAN_TIMEOUT_MS,
    },
  );
  const windows = [];
  // Iterating the result set fetches every page.
  for await (const row of result) {
    windows.push({
      country_code: String(plainValue(row.get("country_code"))),
      window_start: String(plainValue(row.get("window_start"))),
      users: Number(plainValue(row.get("users")) ?? 0),
      average_age: plainValue(row.get("average_age")) as number | null,
    });
  }
  const summaries = summarizeStats(windows).slice(0, limit);
  return {
    kind: "rows",
    columns: ["country_code", "windows", "users", "average_age", "first_window", "last_window"],
    rows: summaries.map((summary) => ({ ...summary })),
  };
}

/**
 * Runs a query command against a client connected to the pipeline's keyspace.
 *
 * @throws {UserNotFoundError} for `users --id` with an id that is not stored.
 * @example
 * const result = await runQuery(cassandraClient(config, "user_stream"), { command: "count", json: false, keyspace: "user_stream" });
 * // { kind: "record", record: { users: 5000 } }
 */
export async function runQuery(client: Client, command: QueryCommand): Promise<QueryResult> {
  switch (command.command) {
    case "user": {
      const result = await client.execute("SELECT * FROM users WHERE user_id = ?", [command.id], {
        prepare: true,
      });
      const row = result.first();
      if (!row) throw new UserNotFoundError(command.id);
      return {
        kind: "record",
        record: plainRow(
          row,
          result.columns.map((column) => column.name),
        ),
      };
    }
    case "users":
      return command.country === undefined
        ? rows(client, `SELECT ${USER_LIST_COLUMNS} FROM users LIMIT ?`, [command.limit])
        : rows(
            client,
            `SELECT ${COUNTRY_USER_COLUMNS} FROM users_by_country WHERE country_code = ? LIMIT ?`,
            [command.country, command.limit],
          );
    case "stats":
      return command.country === undefined
        ? statsSummary(client, command.limit)
        : rows(client, `SELECT ${STATS_COLUMNS} FROM country_stats WHERE country_code = ? LIMIT ?`, [
            command.country,
            command.limit,
          ]);
    case "count":
      return command.country === undefined
        ? { kind: "record", record: { users: await count(client, "SELECT COUNT(*) FROM users", []) } }
        : {
            kind: "record",
            record: {
              country_code: command.country,
              users: await count(client, "SELECT COUNT(*) FROM users_by_country WHERE country_code = ?", [
                command.country,
              ]),
            },
          };
  }
}
