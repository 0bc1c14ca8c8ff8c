import { parseArgs } from "node:util";
import { z } from "zod";
import { UsageError } from "./errors.ts";

/** What `npm run query -- --help` prints. */
export const USAGE = `Looks at the data the pipeline stored in Cassandra (keyspace user_stream).

Usage: npm run query -- <command> [options]

Commands:
  users                      the first users of the users table (token order)
  users --country DE         users of one country (users_by_country), ordered by id
  users --id <uuid>          every column of one user
  stats                      per country, over every stored one-minute window: windows, users, average age
  stats --country DE         the latest one-minute windows of one country, newest first
  count                      users stored (a full scan of users: slow on big tables)
  count --country DE         users stored for one country

Options:
  --country <code>           two-letter country code (case-insensitive)
  --id <uuid>                user id (randomuser.me login.uuid)
  --limit <n>                rows to show, 1-10000 (default 20)
  --keyspace <name>          keyspace to read (default user_stream)
  --json                     print JSON instead of a table
  -h, --help                 show this help

Cassandra is the local stack's (127.0.0.1, STACK_CASSANDRA_PORT, default 9042).`;

const country = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, "expected a two-letter country code such as DE")
  .transform((code) => code.toUpperCase());
const limit = z.coerce
  .number({ error: "expected a whole number" })
  .int("expected a whole number")
  .min(1, "must be at least 1")
  .max(10_000, "must be at most 10000")
  .default(20);
const keyspace = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,47}$/, "expected a CQL identifier (letters, digits, underscores)")
  .default("user_stream");
const output = { json: z.boolean().default(false), keyspace };

const userSchema = z.strictObject({
  command: z.literal("user"),
  id: z.uuid({ error: "expected a UUID" }),
  ...output,
});
const usersSchema = z.strictObject({
  command: z.literal("users"),
  country: country.optional(),
  limit,
  ...output,
});
const statsSchema = z.strictObject({
  command: z.literal("stats"),
  country: country.optional(),
  limit,
  ...output,
});
const countSchema = z.strictObject({ command: z.literal("count"), country: country.optional(), ...output });

/** A validated command line; `user` is `users --id`. */
export const queryCommandSchema = z.discriminatedUnion("command", [
  userSchema,
  usersSchema,
  statsSchema,
  countSchema,
]);

export type QueryCommand = z.infer<typeof queryCommandSchema>;

const COMMANDS = ["users", "stats", "count"] as const;

/** Options each command accepts, beyond --json and --keyspace. */
const ALLOWED: Record<(typeof COMMANDS)[number], readonly string[]> = {
  users: ["country", "id", "limit"],
  stats: ["country", "limit"],
  count: ["country"],
};

/**
 * Parses and validates the query command line; null means `--help` (or no arguments): print {@link USAGE}.
 *
 * @throws {UsageError} naming the command or option at fault and what is expected.
 * @example
 * parseQueryArgs(["users", "--country", "de", "--limit", "10"]);
 * // { command: "users", country: "DE", limit: 10, json: false, keyspace: "user_stream" }
 */
export function parseQueryArgs(argv: readonly string[]): QueryCommand | null {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; see --help`, { cause: error });
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return null;
  const [command, ...extra] = positionals;
  if (!COMMANDS.includes(command as (typeof COMMANDS)[number])) {
    throw new UsageError(`unknown command "${command}": expected one of ${COMMANDS.join(", ")}; see --help`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; see --help`);
  const name = command as (typeof COMMANDS)[number];
  const given = Object.keys(values).filter((key) => key !== "json" && key !== "keyspace");
  const refused = given.filter((key) => !ALLOWED[name].includes(key));
  if (refused.length > 0) {
    throw new UsageError(`${name} does not take ${refused.map((key) => `--${key}`).join(", ")}; see --help`);
  }
  if (values.id !== undefined && given.length > 1) {
    throw new UsageError("users --id takes no --country or --limit; see --help");
  }
  const byId = name === "users" && values.id !== undefined;
  const result = queryCommandSchema.safeParse({ command: byId ? "user" : name, ...values });
  if (!result.success) {
    const problems = result.error.issues.map((issue) =>
      issue.path.length > 0 ? `--${issue.path.join(".")}: ${issue.message}` : issue.message,
    );
    throw new UsageError(`${problems.join("; ")}; see --help`, { cause: result.error });
  }
  return result.data;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      country: { type: "string" },
      id: { type: "string" },
      limit: { type: "string" },
      keyspace: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
