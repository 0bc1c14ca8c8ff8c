import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type MavenBundle, resolveMavenBundle } from "../artifacts/maven.ts";
import { type PythonEnv, resolvePythonEnv } from "../artifacts/python.ts";
import type { StackConfig } from "../config.ts";
import type { Report } from "../report.ts";
import type { Launch, ServiceDefinition } from "../service.ts";
import { awaitKafkaTopics, bootstrapServersOf } from "./kafka.ts";

/** The directory holding the PySpark job (`spark/users_stream`) and its tests. */
export const SPARK_DIR = resolve(import.meta.dirname, "..", "..", "..", "spark");
const PYTEST_VERSION = "8.4.2";
/** The streaming query whose progress decides readiness: `users.raw` → `users.processed` + `users.dlq`. */
export const MAIN_QUERY = "users";
/** A query is stale when its last progress is older than this (Spark reports idle queries every 10 s). */
const PROGRESS_MAX_AGE_MS = 60_000;

/** The virtualenv (pyspark and pytest, pinned) and the Kafka connector jars, both of the configured Spark version. */
export function sparkArtifacts(config: StackConfig): { python: PythonEnv; jars: MavenBundle } {
  const { version } = config.spark;
  const spark = (artifactId: string) => ({ groupId: "org.apache.spark", artifactId, version });
  return {
    python: {
      name: `pyspark-${version}`,
      requirements: [`pyspark==${version}`, `pytest==${PYTEST_VERSION}`],
    },
    jars: {
      name: `spark-kafka-${version}`,
      artifacts: [spark("spark-sql-kafka-0-10_2.13"), spark("spark-token-provider-kafka-0-10_2.13")],
    },
  };
}

/**
 * The jars that go to `--jars`: the connector, its token provider, `kafka-clients` and `commons-pool2`. The bundle's
 * other transitive jars (compression codecs, slf4j) already ship with pyspark, so they stay out of the classpath.
 */
const CONNECTOR_JAR =
  /^(spark-sql-kafka-0-10|spark-token-provider-kafka-0-10|kafka-clients|commons-pool2)[-_]/;

/** What a Spark process needs: the virtualenv's directory and the connector jars (resolved once into the cache). */
export interface SparkRuntime {
  venv: string;
  jars: string[];
}

/**
 * Resolves pyspark (PyPI) and the Kafka connector jars (Maven Central) into the cache; no network once cached.
 *
 * @example
 * const { venv, jars } = await resolveSparkRuntime(config, stderrReport);
 * // `${venv}/bin/spark-submit --jars ${jars.join(",")} ...`
 */
export async function resolveSparkRuntime(config: StackConfig, report: Report): Promise<SparkRuntime> {
  const artifacts = sparkArtifacts(config);
  const [venv, lib] = await Promise.all([
    resolvePythonEnv(config.cacheDir, artifacts.python, report),
    resolveMavenBundle(config.cacheDir, artifacts.jars, report),
  ]);
  const jars = (await readdir(lib))
    .filter((file) => file.endsWith(".jar") && CONNECTOR_JAR.test(file))
    .sort()
    .map((file) => join(lib, file));
  return { venv, jars };
}

/** The environment a Spark process runs in: Java 17, the venv's Python for the executors, no stray SPARK_HOME. */
export function sparkEnv(config: StackConfig, venv: string): NodeJS.ProcessEnv {
  const { SPARK_HOME: _home, PYSPARK_PYTHON: _python, ...rest } = process.env;
  return {
    ...rest,
    JAVA_HOME: config.java17Home,
    PYSPARK_PYTHON: join(venv, "bin", "python"),
    PYSPARK_DRIVER_PYTHON: join(venv, "bin", "python"),
    SPARK_LOCAL_IP: "127.0.0.1",
    SPARK_LOCAL_HOSTNAME: "127.0.0.1",
    PYTHONPATH: SPARK_DIR,
    // No __pycache__ in the source tree.
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

/** `--conf` pairs shared by the service and the tests: loopback only, UTC, small shuffles, UI on or off. */
export function sparkConf(config: StackConfig): Record<string, string> {
  const { shufflePartitions, uiPort } = config.spark;
  return {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": String(uiPort !== 0),
    ...(uiPort !== 0 ? { "spark.ui.port": String(uiPort), "spark.port.maxRetries": "0" } : {}),
    "spark.sql.shuffle.partitions": String(shufflePartitions),
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.streaming.noDataProgressEventInterval": "5000",
    // One pool per query, the users query weighted above the stats query (spark/fairscheduler.xml).
    "spark.scheduler.mode": "FAIR",
    "spark.scheduler.allocation.file": join(SPARK_DIR, "fairscheduler.xml"),
  };
}

/** Where the job keeps its checkpoints and writes its queries' last progress. */
export function sparkPaths(dir: string) {
  return { checkpoints: join(dir, "checkpoints"), progress: join(dir, "progress") };
}

/** The spark-submit command line of the streaming job, for the service or a test. */
export function sparkSubmit(config: StackConfig, runtime: SparkRuntime, jobArgs: readonly string[]): Launch {
  const conf = Object.entries(sparkConf(config)).flatMap(([key, value]) => ["--conf", `${key}=${value}`]);
  return {
    command: join(runtime.venv, "bin", "spark-submit"),
    args: [
      "--master",
      config.spark.master,
      "--name",
      "users-stream",
      "--driver-memory",
      `${config.spark.driverMemoryMb}m`,
      "--jars",
      runtime.jars.join(","),
      ...conf,
      join(SPARK_DIR, "users_stream", "main.py"),
      ...jobArgs,
    ],
    cwd: SPARK_DIR,
    env: sparkEnv(config, runtime.venv),
  };
}

/** The figures `status` shows for the job, from its main query's last progress. */
export interface SparkQueryStatus {
  query: string;
  /** The last micro-batch that reported progress since the job started; -1 when none did (caught up at start). */
  batchId: number;
  /** When that batch started, or null. */
  timestamp: string | null;
  inputRowsPerSecond: number;
  processedRowsPerSecond: number;
  batchDurationMs: number;
  numInputRows: number;
  /** Set while the query waits for new data (Spark then reports idle events, not progress). */
  idleSince: string | null;
}

interface ProgressFile {
  state?: string;
  exception?: string | null;
  idleSince?: string | null;
  progress?: {
    batchId: number;
    timestamp: string;
    numInputRows: number;
    inputRowsPerSecond?: number;
    processedRowsPerSecond?: number;
    durationMs?: { triggerExecution?: number };
  } | null;
}

/**
 * The state of one of the job's streaming queries, from `progress/<query>.json`, which the job rewrites on every
 * progress and idle event.
 *
 * @throws when the query has not run a trigger yet, has terminated, or has reported nothing for a minute.
 * @example
 * const { inputRowsPerSecond, processedRowsPerSecond, batchDurationMs } = await sparkQueryStatus(".stack/spark");
 */
export async function sparkQueryStatus(dir: string, query = MAIN_QUERY): Promise<SparkQueryStatus> {
  const file = join(sparkPaths(dir).progress, `${query}.json`);
  const [text, info] = await Promise.all([readFile(file, "utf8"), stat(file)]);
  const last = JSON.parse(text) as ProgressFile;
  if (last.state !== "active") {
    throw new Error(
      `query ${query} is ${last.state ?? "unknown"}${last.exception ? `: ${last.exception}` : ""}`,
    );
  }
  const age = Date.now() - info.mtimeMs;
  if (age > PROGRESS_MAX_AGE_MS) {
    throw new Error(`query ${query} has reported no progress for ${Math.round(age / 1000)}s`);
  }
  const progress = last.progress;
  return {
    query,
    batchId: progress?.batchId ?? -1,
    timestamp: progress?.timestamp ?? null,
    inputRowsPerSecond: progress?.inputRowsPerSecond ?? 0,
    processedRowsPerSecond: progress?.processedRowsPerSecond ?? 0,
    batchDurationMs: progress?.durationMs?.triggerExecution ?? 0,
    numInputRows: progress?.numInputRows ?? 0,
    idleSince: last.idleSince ?? null,
  };
}

/** The job's arguments for the stack's topics, checkpoints and trigger. */
export function sparkJobArgs(config: StackConfig, dir: string): string[] {
  const paths = sparkPaths(dir);
  return [
    "--bootstrap-servers",
    bootstrapServersOf(config).join(","),
    "--checkpoint-dir",
    paths.checkpoints,
    "--progress-dir",
    paths.progress,
    "--trigger-interval-ms",
    String(config.spark.triggerIntervalMs),
  ];
}

/**
 * The Spark Structured Streaming job (`spark/users_stream`) under spark-submit: `users.raw` → `users.processed`,
 * `users.dlq` and `users.stats`, with checkpoints in the service's state directory. Needs `kafka` up.
 */
export const spark: ServiceDefinition = {
  name: "spark",
  ports: (config) => (config.spark.uiPort === 0 ? [] : [config.spark.uiPort]),
  async prepare(context) {
    const { config, dir, report } = context;
    const [runtime] = await Promise.all([resolveSparkRuntime(config, report), awaitKafkaTopics(context)]);
    // A previous run's last progress must not make this one look ready.
    await rm(sparkPaths(dir).progress, { recursive: true, force: true });
    return sparkSubmit(config, runtime, sparkJobArgs(config, dir));
  },
  async probe({ dir }) {
    await sparkQueryStatus(dir);
  },
};
