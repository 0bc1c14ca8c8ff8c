import { execFile } from "node:child_process";
import { join } from "node:path";
import type { StackConfig } from "../../../infra/stack/config.ts";
import { silentReport } from "../../../infra/stack/report.ts";
import { serviceDir } from "../../../infra/stack/service.ts";
import { airflowEnvOf, resolveAirflowEnv } from "../../../infra/stack/services/airflow.ts";

/** What an Airflow command printed (stdout and stderr interleaved as they came) and how it exited. */
export interface CliResult {
  code: number;
  output: string;
}

/**
 * Runs a program of the stack's Airflow virtualenv (`airflow`, `python`) with the stack's Airflow environment: the
 * service's `AIRFLOW_HOME` and metadata database, the repository's DAGs and the local AWS connection.
 */
export async function runAirflow(
  config: StackConfig,
  program: "airflow" | "python",
  args: readonly string[],
  extraEnv: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const venv = await resolveAirflowEnv(config, silentReport);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...airflowEnvOf(config, serviceDir(config, "airflow")),
    // Plain logs and tracebacks (no colours, no boxes, no wrapping), to match on.
    FORCE_COLOR: undefined,
    NO_COLOR: "1",
    AIRFLOW__LOGGING__COLORED_CONSOLE_LOG: "False",
    TERM: "dumb",
    COLUMNS: "1000",
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = execFile(join(venv, "bin", program), args, { env, maxBuffer: 64 * 1024 * 1024 });
    let output = "";
    child.stdout?.on("data", (chunk: string) => {
      output += chunk;
    });
    child.stderr?.on("data", (chunk: string) => {
      output += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, output }));
  });
}
