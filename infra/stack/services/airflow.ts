import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import { resolvePythonEnv } from "../artifacts/python.ts";
import type { StackConfig } from "../config.ts";
import { StackConfigError } from "../errors.ts";
import { run } from "../exec.ts";
import type { Report } from "../report.ts";
import type { ServiceDefinition } from "../service.ts";
import { lambdaEndpointOf } from "./functions.ts";
import { awsEndpointOf } from "./moto.ts";

const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
const AIRFLOW_DIR = join(REPO_ROOT, "airflow");

/** Where the stack's Airflow finds its DAGs, and the pip constraints that pin every package of its virtualenv. */
export const airflowPaths = {
  dags: join(AIRFLOW_DIR, "dags"),
  constraints: join(AIRFLOW_DIR, "constraints.txt"),
  launcher: join(AIRFLOW_DIR, "launcher.py"),
} as const;

/** The ingest function as serverless-offline names it locally (`<service>-<stage>-<function>`). */
export const LOCAL_INGEST_FUNCTION = "realtime-data-streaming-local-ingest";

/** The base URL of the Airflow API server and UI. */
export function airflowUrlOf(config: StackConfig): string {
  return `http://127.0.0.1:${config.airflow.port}`;
}

/**
 * The `aws_default` connection as Airflow reads it from `AIRFLOW_CONN_AWS_DEFAULT`: test credentials, us-east-1,
 * Lambda at serverless-offline's Invoke API and every other service at the local AWS endpoint (moto). On AWS the same
 * connection has no endpoints, and the DAGs do not change.
 */
export function awsConnectionOf(config: StackConfig) {
  const aws = awsEndpointOf(config);
  return {
    conn_type: "aws",
    login: aws.credentials.accessKeyId,
    password: aws.credentials.secretAccessKey,
    extra: {
      region_name: aws.region,
      endpoint_url: aws.endpoint,
      service_config: { lambda: { endpoint_url: lambdaEndpointOf(config) } },
    },
  } as const;
}

/**
 * The environment of every Airflow process of the stack (components and CLI): metadata in SQLite under `home`, the
 * repository's DAGs, the API server on 127.0.0.1, every user an admin (local development only), and the connection
 * to the local functions. `INGEST_FUNCTION_NAME` and `INGEST_DAG_SCHEDULE` pass through when set.
 *
 * @param home `AIRFLOW_HOME`, the service's state directory.
 */
export function airflowEnvOf(config: StackConfig, home: string): Record<string, string> {
  const url = airflowUrlOf(config);
  return {
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: airflowPaths.dags,
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
    // LocalExecutor starts this many worker processes up front (~130 MB each); 32 by default.
    AIRFLOW__CORE__PARALLELISM: "4",
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${url}/execution/`,
    AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "True",
    AIRFLOW__API__HOST: "127.0.0.1",
    AIRFLOW__API__PORT: String(config.airflow.port),
    AIRFLOW__API__BASE_URL: url,
    AIRFLOW__API__WORKERS: "1",
    AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: "30",
    AIRFLOW_CONN_AWS_DEFAULT: JSON.stringify(awsConnectionOf(config)),
    INGEST_FUNCTION_NAME: process.env.INGEST_FUNCTION_NAME ?? LOCAL_INGEST_FUNCTION,
    ...(process.env.INGEST_DAG_SCHEDULE === undefined
      ? {}
      : { INGEST_DAG_SCHEDULE: process.env.INGEST_DAG_SCHEDULE }),
  };
}

/** The version of `name` that a pip constraints file pins, or null. */
export function pinnedVersion(constraints: string, name: string): string | null {
  const line = constraints
    .split("\n")
    .map((text) => text.trim())
    .find((text) => text.toLowerCase().startsWith(`${name.toLowerCase()}==`));
  return line === undefined ? null : line.slice(name.length + 2);
}

/**
 * The virtualenv holding Airflow and the Amazon provider, installed once with every package pinned by
 * `airflow/constraints.txt` (a changed constraints file makes a new virtualenv); later calls return at once.
 *
 * @throws {StackConfigError} when `STACK_AIRFLOW_VERSION` is not the version the constraints pin.
 */
export async function resolveAirflowEnv(config: StackConfig, report: Report): Promise<string> {
  const constraints = await readFile(airflowPaths.constraints, "utf8");
  const pinned = pinnedVersion(constraints, "apache-airflow");
  if (pinned !== config.airflow.version) {
    throw new StackConfigError(
      `STACK_AIRFLOW_VERSION is ${config.airflow.version} but airflow/constraints.txt pins apache-airflow ${pinned}: ` +
        "regenerate the constraints (see the comment at their top) for another version",
    );
  }
  const digest = createHash("sha256").update(constraints).digest("hex").slice(0, 12);
  const started = Date.now();
  // pip runs quietly; say that the (first-run) install is still going.
  const ticker = setInterval(() => {
    report("airflow", `still installing (${Math.round((Date.now() - started) / 1000)}s)`);
  }, 15_000);
  try {
    return await resolvePythonEnv(
      config.cacheDir,
      {
        name: `airflow-${config.airflow.version}-${digest}`,
        requirements: [
          `apache-airflow==${config.airflow.version}`,
          "apache-airflow-providers-amazon",
          "--constraint",
          airflowPaths.constraints,
        ],
      },
      report,
    );
  } finally {
    clearInterval(ticker);
  }
}

const secretsSchema = z.object({ jwtSecret: z.string().min(32), secretKey: z.string().min(32) });

/** Secrets the components must share (JWT signing, session key), generated once per state directory. */
async function secretsOf(home: string): Promise<z.infer<typeof secretsSchema>> {
  const file = join(home, "secrets.json");
  try {
    return secretsSchema.parse(JSON.parse(await readFile(file, "utf8")));
  } catch {
    const secrets = {
      jwtSecret: randomBytes(32).toString("base64url"),
      secretKey: randomBytes(32).toString("base64url"),
    };
    await writeFile(file, `${JSON.stringify(secrets)}\n`, { mode: 0o600 });
    return secrets;
  }
}

/** Migrates the metadata database once per Airflow version (`airflow db migrate` is idempotent, but not free). */
async function migrateOnce(
  venv: string,
  env: NodeJS.ProcessEnv,
  home: string,
  version: string,
  report: Report,
) {
  const marker = join(home, `.migrated-${version}`);
  try {
    await readFile(marker);
    return;
  } catch {
    // not migrated yet
  }
  report("airflow", `migrating the metadata database (${join(home, "airflow.db")})`);
  await run(join(venv, "bin", "airflow"), ["db", "migrate"], { env, timeoutMs: 300_000 });
  await writeFile(marker, `${new Date().toISOString()}\n`);
}

const componentHealth = z.object({ status: z.string().nullable() });
const healthSchema = z.object({
  metadatabase: componentHealth,
  scheduler: componentHealth,
  dag_processor: componentHealth,
});

/**
 * Apache Airflow 3 (API server and UI, scheduler, DAG processor) from PyPI in its own virtualenv, with SQLite
 * metadata under the service's state directory; `airflow/launcher.py` runs the components as one process group.
 */
export const airflow: ServiceDefinition = {
  name: "airflow",
  ports: (config) => [config.airflow.port],
  async prepare({ config, dir, report }) {
    const venv = await resolveAirflowEnv(config, report);
    await mkdir(dir, { recursive: true });
    const secrets = await secretsOf(dir);
    const env = {
      ...process.env,
      ...airflowEnvOf(config, dir),
      AIRFLOW__API_AUTH__JWT_SECRET: secrets.jwtSecret,
      AIRFLOW__API__SECRET_KEY: secrets.secretKey,
    };
    await migrateOnce(venv, env, dir, config.airflow.version, report);
    return { command: join(venv, "bin", "python"), args: [airflowPaths.launcher], cwd: dir, env };
  },
  async probe({ config }) {
    const url = airflowUrlOf(config);
    const response = await fetch(`${url}/api/v2/monitor/health`, { signal: AbortSignal.timeout(2_000) });
    if (response.status !== 200) throw new Error(`GET /api/v2/monitor/health answered ${response.status}`);
    const health = healthSchema.parse(await response.json());
    const unhealthy = Object.entries(health).filter(([, component]) => component.status !== "healthy");
    if (unhealthy.length > 0) {
      throw new Error(`not healthy yet: ${unhealthy.map(([name, c]) => `${name} ${c.status}`).join(", ")}`);
    }
    // An API call behind the auth manager, as the UI makes it.
    const dags = await fetch(`${url}/api/v2/dags?limit=1`, { signal: AbortSignal.timeout(2_000) });
    if (dags.status !== 200) throw new Error(`GET /api/v2/dags answered ${dags.status}`);
  },
};
