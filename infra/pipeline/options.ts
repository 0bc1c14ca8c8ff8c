import { parseArgs } from "node:util";
import { z } from "zod";
import { UsageError } from "../stack/errors.ts";

/**
 * The main job's command line: `npm start -- [options]`. Parsed by node:util (unknown flags are errors), then
 * validated once by zod, so every later step reads typed, bounded values.
 */

export const USAGE = `Usage: npm start -- [options]

Brings up the local stack (Kafka, Cassandra, moto, the Random User source, serverless-offline with the Kafka
mappings, Airflow, the Spark job), has ingest triggered, and shows the users flowing through each stage until
Ctrl-C, or until --users N are stored. Then it prints a summary and stops the services it started.

Options:
  --users N            ingest exactly N users (one Airflow backfill run, or direct invocations with --no-airflow)
                       and stop once all N are stored in Cassandra or accounted for as dead letters;
                       without it, ingest runs on its schedule (every minute) until Ctrl-C
  --page-size N        users per source request, 1..5000 (default 500)
  --concurrency N      source requests in flight per invocation, 1..64 (default 8)
  --chunk-users N      users per ingest invocation with --users (default 50000)
  --seed TEXT          API seed of a --users run (default run-<time>): a rerun with the same seed fetches the
                       same users again, and Cassandra keeps one row each
  --no-airflow         leave Airflow off: serverless-offline's schedule event triggers ingest, or with --users the
                       job invokes ingest itself through the Lambda Invoke API
  --keep-running       leave the stack (and the schedule) running after the summary
  --refresh-ms N       redraw the progress table every N ms (default 1000)
  -h, --help           show this help

Examples:
  npm start                              # continuous: Airflow's ingest_users DAG runs every minute
  npm start -- --users 10000             # 10,000 users end to end, then a summary
  npm start -- --users 5000 --no-airflow --keep-running
`;

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const optionsSchema = z.strictObject({
  users: positiveInt(100_000_000).optional(),
  pageSize: positiveInt(5000).default(500),
  concurrency: positiveInt(64).default(8),
  chunkUsers: positiveInt(1_000_000).default(50_000),
  seed: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "1 to 64 letters, digits, '_' or '-'")
    .optional(),
  airflow: z.boolean(),
  keepRunning: z.boolean(),
  refreshMs: z.coerce.number().int().min(100).max(60_000).default(1_000),
});

/** The validated options of one run. */
export type RunOptions = z.infer<typeof optionsSchema>;

/** `--help` was asked for: the caller prints {@link USAGE} and exits 0. */
export const HELP = Symbol("help");

/**
 * Parses and validates the main job's arguments.
 *
 * @throws {UsageError} naming every bad flag (unknown flags, values out of range).
 * @example
 * parseRunOptions(["--users", "10000", "--no-airflow"]); // { users: 10000, airflow: false, … }
 */
export function parseRunOptions(argv: readonly string[]): RunOptions | typeof HELP {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        users: { type: "string" },
        "page-size": { type: "string" },
        concurrency: { type: "string" },
        "chunk-users": { type: "string" },
        seed: { type: "string" },
        "no-airflow": { type: "boolean", default: false },
        "keep-running": { type: "boolean", default: false },
        "refresh-ms": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`, { cause: error });
  }
  if (values.help) return HELP;
  const parsed = optionsSchema.safeParse({
    users: values.users,
    pageSize: values["page-size"],
    concurrency: values.concurrency,
    chunkUsers: values["chunk-users"],
    seed: values.seed,
    airflow: !values["no-airflow"],
    keepRunning: values["keep-running"],
    refreshMs: values["refresh-ms"],
  });
  if (!parsed.success) {
    const described = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${issue.message}`;
    });
    throw new UsageError(`invalid options: ${described.join("; ")}`);
  }
  if (values.seed !== undefined && parsed.data.users === undefined) {
    throw new UsageError("--seed only applies with --users (scheduled runs use a fresh seed each)");
  }
  return parsed.data;
}
