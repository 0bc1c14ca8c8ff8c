import { type Client, concurrent, types } from "cassandra-driver";
import type { CountryStats } from "./country-stats.ts";
import { type ProcessedUser, USER_COLUMNS } from "./processed-user.ts";

const INSERT_USER = `INSERT INTO users (${USER_COLUMNS.join(", ")}) VALUES (${USER_COLUMNS.map(() => "?").join(", ")})`;
const INSERT_USER_BY_COUNTRY =
  "INSERT INTO users_by_country (country_code, user_id, full_name, email, age, city, registered_at) " +
  "VALUES (?, ?, ?, ?, ?, ?, ?)";
const INSERT_STATS =
  "INSERT INTO country_stats (country_code, window_start, window_end, users, average_age, updated_at) " +
  "VALUES (?, ?, ?, ?, ?, ?)";

const date = (value: string | null) => (value === null ? null : new Date(value));

/** One prepared upsert with its parameters. */
export interface Statement {
  query: string;
  params: unknown[];
}

function userStatements(user: ProcessedUser): Statement[] {
  const values = USER_COLUMNS.map((column) => {
    const value = user[column];
    return column.endsWith("_at") || column === "date_of_birth" ? date(value as string | null) : value;
  });
  return [
    { query: INSERT_USER, params: values },
    {
      query: INSERT_USER_BY_COUNTRY,
      params: [
        user.country_code,
        user.user_id,
        user.full_name,
        user.email,
        user.age,
        user.city,
        date(user.registered_at),
      ],
    },
  ];
}

function statsStatements(stats: CountryStats): Statement[] {
  return [
    {
      query: INSERT_STATS,
      params: [
        stats.country_code,
        new Date(stats.window_start),
        new Date(stats.window_end),
        types.Long.fromNumber(stats.users),
        stats.average_age,
        new Date(),
      ],
    },
  ];
}

/** The upserts that store a row. */
export function statementsFor(row: Row): Statement[] {
  return row.kind === "user" ? userStatements(row.user) : statsStatements(row.stats);
}

/** What to write: a processed user (to `users` and `users_by_country`) or a country's window (to `country_stats`). */
export type Row = { kind: "user"; user: ProcessedUser } | { kind: "stats"; stats: CountryStats };

/**
 * Upserts rows with prepared statements, at most `concurrency` requests in flight (the driver's executeConcurrent).
 * Every statement is an idempotent upsert, so the driver may retry it and a replay leaves the same rows.
 *
 * @returns per row, null when all its statements succeeded, else the first error.
 * @example
 * const errors = await writeRows(cassandraClient(), rows, 64);
 */
export async function writeRows(
  client: Client,
  rows: readonly Row[],
  concurrency: number,
): Promise<(Error | null)[]> {
  const owner: number[] = [];
  const statements = rows.flatMap((row, index) => {
    const forRow = statementsFor(row);
    for (const _ of forRow) owner.push(index);
    return forRow;
  });
  const errors: (Error | null)[] = rows.map(() => null);
  if (statements.length === 0) return errors;
  const result = await concurrent.executeConcurrent(client, statements, {
    concurrencyLevel: concurrency,
    raiseOnFirstError: false,
    collectResults: true,
  });
  result.resultItems.forEach((item: unknown, i: number) => {
    const row = owner[i] as number;
    if (item instanceof Error && errors[row] === null) errors[row] = item;
  });
  return errors;
}
