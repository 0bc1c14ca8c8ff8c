/**
 * Runs the stack's Airflow CLI with the stack's Airflow environment (its `AIRFLOW_HOME` and metadata database, the
 * repository's DAGs, the local AWS connection), installing Airflow first if needed.
 *
 * @example
 * npm run airflow -- dags test ingest_users -c '{"users": 300, "seed": "demo"}'
 * npm run airflow -- dags unpause ingest_users
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { loadStackConfig } from "../infra/stack/config.ts";
import { stderrReport } from "../infra/stack/report.ts";
import { serviceDir } from "../infra/stack/service.ts";
import { airflowEnvOf, resolveAirflowEnv } from "../infra/stack/services/airflow.ts";

const config = loadStackConfig();
const venv = await resolveAirflowEnv(config, stderrReport);
const child = spawn(join(venv, "bin", "airflow"), process.argv.slice(2), {
  stdio: "inherit",
  env: { ...process.env, ...airflowEnvOf(config, serviceDir(config, "airflow")) },
});
process.exitCode = await new Promise<number>((resolve) => {
  child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});
