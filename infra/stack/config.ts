import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { z } from "zod";
import { StackConfigError } from "./errors.ts";

const port = z.coerce.number().int().min(1).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const milliseconds = z.coerce.number().int().min(100);

const repoRoot = resolve(import.meta.dirname, "..", "..");
const cacheHome = process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache");

/**
 * The whole local stack's configuration: every port, heap size, version and directory in one place.
 * Each leaf can be overridden by an environment variable named `STACK_` + its path in upper snake case,
 * e.g. `kafka.heapMb` ← `STACK_KAFKA_HEAP_MB`.
 */
export const stackConfigSchema = z.strictObject({
  cacheDir: z.string().min(1).default(join(cacheHome, "realtime-data-streaming")),
  stateDir: z.string().min(1).default(join(repoRoot, ".stack")),
  java17Home: z.string().min(1).default("/usr/lib/jvm/java-17-openjdk-amd64"),
  startTimeoutMs: milliseconds.default(180_000),
  stopTimeoutMs: milliseconds.default(30_000),
  kafka: z
    .strictObject({
      version: z
        .string()
        .regex(/^4\.\d+\.\d+$/, "Kafka 4.x (KRaft only)")
        .default("4.1.1"),
      port: port.default(9092),
      controllerPort: port.default(9093),
      /** The SASL_PLAINTEXT listener (SCRAM-SHA-512), next to the PLAINTEXT one on `port`. */
      saslPort: port.default(9094),
      heapMb: positiveInt.default(768),
      partitions: z
        .strictObject({
          raw: positiveInt.default(6),
          processed: positiveInt.default(6),
          stats: positiveInt.default(2),
          dlq: positiveInt.default(1),
        })
        .default({ raw: 6, processed: 6, stats: 2, dlq: 1 }),
    })
    .prefault({}),
  cassandra: z
    .strictObject({
      version: z
        .string()
        .regex(/^5\.0\.\d+$/, "Cassandra 5.0.x")
        .default("5.0.9"),
      port: port.default(9042),
      storagePort: port.default(7000),
      /** PasswordAuthenticator and CassandraAuthorizer, with generated credentials; false: no authentication. */
      auth: z.stringbool().default(true),
      heapMb: positiveInt.default(1024),
      concurrency: positiveInt.default(8),
    })
    .prefault({}),
  functions: z
    .strictObject({
      lambdaPort: port.default(3002),
      httpPort: port.default(3000),
      websocketPort: port.default(3001),
      scheduleEnabled: z.stringbool().default(true),
    })
    .prefault({}),
  moto: z
    .strictObject({
      version: z
        .string()
        .regex(/^\d+\.\d+\.\d+$/)
        .default("5.2.5"),
      port: port.default(4566),
    })
    .prefault({}),
  source: z.strictObject({ port: port.default(3100) }).prefault({}),
  spark: z
    .strictObject({
      version: z
        .string()
        .regex(/^4\.\d+\.\d+$/, "Spark 4.x (Scala 2.13)")
        .default("4.2.0"),
      master: z
        .string()
        .regex(/^(local(\[(\d+|\*)\])?|spark:\/\/.+)$/, "local, local[N], local[*] or spark://host:port")
        .default("local[2]"),
      triggerIntervalMs: z.coerce.number().int().min(0).default(1_000),
      shufflePartitions: positiveInt.default(4),
      driverMemoryMb: positiveInt.default(768),
      uiPort: z.coerce.number().int().min(0).max(65_535).default(4040),
    })
    .prefault({}),
  airflow: z
    .strictObject({
      version: z
        .string()
        .regex(/^3\.\d+\.\d+$/, "Airflow 3.x")
        .default("3.3.2"),
      port: port.default(8080),
    })
    .prefault({}),
});

export type StackConfig = z.infer<typeof stackConfigSchema>;

const ENV_PREFIX = "STACK_";

function envName(path: readonly string[]): string {
  return ENV_PREFIX + path.map((key) => key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()).join("_");
}

/** Every leaf path of the schema, with the environment variable that overrides it. */
function leafPaths(schema: z.ZodType, path: string[] = []): { path: string[]; env: string }[] {
  let inner: z.ZodType = schema;
  while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) {
    inner = inner.unwrap() as z.ZodType;
  }
  if (inner instanceof z.ZodObject) {
    return Object.entries(inner.shape).flatMap(([key, child]) =>
      leafPaths(child as z.ZodType, [...path, key]),
    );
  }
  return [{ path, env: envName(path) }];
}

/** The environment variables that override the configuration, in schema order. */
export const configEnvVars: readonly { path: string[]; env: string }[] = leafPaths(stackConfigSchema);

function setPath(target: Record<string, unknown>, path: readonly string[], value: string): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1) as string] = value;
}

/**
 * Builds the stack configuration from defaults and `STACK_*` environment variables, validated once.
 *
 * @throws {StackConfigError} naming every unknown `STACK_*` variable and every invalid value.
 * @example
 * const config = loadStackConfig({ STACK_KAFKA_PORT: "19092" });
 * config.kafka.port; // 19092
 */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const known = new Map(configEnvVars.map((leaf) => [leaf.env, leaf.path]));
  const raw: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || value === undefined) continue;
    const path = known.get(name);
    if (path) setPath(raw, path, value);
    else unknown.push(name);
  }
  if (unknown.length > 0) {
    throw new StackConfigError(
      `unknown environment variable(s) ${unknown.join(", ")}; known: ${[...known.keys()].join(", ")}`,
    );
  }
  const parsed = stackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${envName(issue.path.map(String))}: ${issue.message}`,
    );
    throw new StackConfigError(`invalid stack configuration: ${problems.join("; ")}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
