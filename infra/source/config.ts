import { parseArgs } from "node:util";
import { z } from "zod";
import { SourceConfigError } from "./errors.ts";
import { faultConfigSchema } from "./faults.ts";
import { DEFAULT_REFERENCE_DATE } from "./generate.ts";

/**
 * The server's start-up options, validated once at the edge.
 *
 * @example
 * sourceOptionsSchema.parse({ port: 0 }).host; // "127.0.0.1"
 */
export const sourceOptionsSchema = z.strictObject({
  port: z.int().min(0).max(65_535).default(3100),
  host: z.string().min(1).default("127.0.0.1"),
  /** The date ages are counted to; a fixed default keeps bodies identical from one day to the next. */
  referenceDate: z.iso
    .datetime({ offset: true })
    .transform((text) => new Date(text))
    .prefault(DEFAULT_REFERENCE_DATE.toISOString()),
  faults: faultConfigSchema.prefault({}),
});

export type SourceOptions = z.output<typeof sourceOptionsSchema>;

/** One option: its flag, where it goes in {@link SourceOptions}, and whether it is a number. */
interface OptionSpec {
  readonly flag: string;
  readonly path: readonly [string] | readonly ["faults", string];
  readonly numeric: boolean;
  readonly help: string;
}

const OPTIONS: readonly OptionSpec[] = [
  { flag: "port", path: ["port"], numeric: true, help: "port to listen on, 0 for any (default 3100)" },
  { flag: "host", path: ["host"], numeric: false, help: "address to bind (default 127.0.0.1)" },
  {
    flag: "reference-date",
    path: ["referenceDate"],
    numeric: false,
    help: "ISO date ages are counted to (default 2022-05-23T22:16:29.000Z, upstream's)",
  },
  {
    flag: "latency-ms",
    path: ["faults", "latencyMs"],
    numeric: true,
    help: "delay added to every API response",
  },
  {
    flag: "jitter-ms",
    path: ["faults", "jitterMs"],
    numeric: true,
    help: "up to this much more, drawn per request",
  },
  {
    flag: "error-rate",
    path: ["faults", "errorRate"],
    numeric: true,
    help: "share of API requests answered 500",
  },
  {
    flag: "rate-limit-rate",
    path: ["faults", "rateLimitRate"],
    numeric: true,
    help: "share of API requests answered 429",
  },
  {
    flag: "retry-after-seconds",
    path: ["faults", "retryAfterSeconds"],
    numeric: true,
    help: "Retry-After of a 429 (default 1)",
  },
  {
    flag: "truncate-rate",
    path: ["faults", "truncateRate"],
    numeric: true,
    help: "share of API responses cut mid-body",
  },
  { flag: "fault-seed", path: ["faults", "seed"], numeric: false, help: "seed of the fault draws" },
];

const ENV_PREFIX = "RANDOMUSER_";
const envOf = (flag: string): string => ENV_PREFIX + flag.toUpperCase().replaceAll("-", "_");

export const USAGE = `Usage: node infra/source/main.ts [options]

A randomuser.me 1.4 compatible API: GET /api/?results=N&seed=S&page=P&nat=..&gender=..&inc=..&exc=..&noinfo
Admin: GET|PUT /_faults (JSON), GET /_stats.

Options (each also read from the environment variable shown; a flag wins):
${OPTIONS.map((option) => `  --${option.flag.padEnd(20)} ${envOf(option.flag).padEnd(32)} ${option.help}`).join("\n")}
  --help`;

/** A number when the text is one, else the text itself, for zod to report. */
function numeric(text: string): number | string {
  return /^\s*-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(text) ? Number(text) : text;
}

function labelOf(path: readonly PropertyKey[]): string {
  const option = OPTIONS.find((spec) => spec.path.join(".") === path.join("."));
  return option ? `--${option.flag} (${envOf(option.flag)})` : path.join(".");
}

/**
 * Reads the options from command-line arguments and `RANDOMUSER_*` environment variables (a flag wins), validated
 * once; `null` when `--help` was asked for.
 *
 * @throws {SourceConfigError} naming unknown flags or variables and invalid values.
 * @example
 * loadSourceOptions(["--port", "3100", "--error-rate", "0.1"], {}); // { port: 3100, faults: { errorRate: 0.1, ... } }
 */
export function loadSourceOptions(argv: readonly string[], env: NodeJS.ProcessEnv): SourceOptions | null {
  const unknownEnv = Object.keys(env).filter(
    (name) => name.startsWith(ENV_PREFIX) && !OPTIONS.some((option) => envOf(option.flag) === name),
  );
  if (unknownEnv.length > 0) {
    throw new SourceConfigError(
      `unknown environment variable(s) ${unknownEnv.join(", ")}; known: ${OPTIONS.map((o) => envOf(o.flag)).join(", ")}`,
    );
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: "boolean" },
        ...Object.fromEntries(OPTIONS.map((option) => [option.flag, { type: "string" as const }])),
      },
    }));
  } catch (error) {
    throw new SourceConfigError(`${(error as Error).message} (--help lists the options)`, { cause: error });
  }
  if (values.help) return null;

  const raw: Record<string, unknown> = { faults: {} };
  for (const option of OPTIONS) {
    const text = (values[option.flag] as string | undefined) ?? env[envOf(option.flag)];
    if (text === undefined) continue;
    const value = option.numeric ? numeric(text) : text;
    if (option.path.length === 1) raw[option.path[0]] = value;
    else (raw.faults as Record<string, unknown>)[option.path[1]] = value;
  }
  const parsed = sourceOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${labelOf(issue.path)}: ${issue.message}` : issue.message,
    );
    throw new SourceConfigError(`invalid options: ${problems.join("; ")}`, { cause: parsed.error });
  }
  return parsed.data;
}
