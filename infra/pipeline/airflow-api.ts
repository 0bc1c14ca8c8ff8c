import { StackError } from "../stack/errors.ts";

/**
 * The few calls of Airflow's REST API (v2) the main job makes: pause/unpause a DAG, trigger a run with a conf, read
 * a run's state and a task's XCom, and fail a run that is being abandoned.
 */

/** An Airflow API call failed (Airflow unreachable, or an error status). */
export class AirflowApiError extends StackError {}

export interface AirflowApi {
  setPaused(dagId: string, paused: boolean): Promise<boolean>;
  isPaused(dagId: string): Promise<boolean>;
  trigger(dagId: string, conf: Record<string, unknown>): Promise<string>;
  runState(dagId: string, runId: string): Promise<string>;
  xcom(dagId: string, runId: string, taskId: string): Promise<unknown>;
  failRun(dagId: string, runId: string): Promise<void>;
}

/**
 * A client for the API server at `baseUrl` (e.g. `http://127.0.0.1:8080`).
 *
 * @example
 * const api = airflowApi("http://127.0.0.1:8080");
 * const runId = await api.trigger("ingest_backfill", { users: 1000 });
 */
export function airflowApi(baseUrl: string): AirflowApi {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = `${baseUrl}/api/v2${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new AirflowApiError(`${method} ${url} failed: is Airflow up? (npm run stack -- up airflow)`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) throw new AirflowApiError(`${method} ${url}: ${response.status} ${text}`);
    return JSON.parse(text) as T;
  };
  const dag = (dagId: string) => `/dags/${encodeURIComponent(dagId)}`;
  const run = (dagId: string, runId: string) => `${dag(dagId)}/dagRuns/${encodeURIComponent(runId)}`;
  return {
    async setPaused(dagId, paused) {
      return (await call<{ is_paused: boolean }>("PATCH", dag(dagId), { is_paused: paused })).is_paused;
    },
    async isPaused(dagId) {
      return (await call<{ is_paused: boolean }>("GET", dag(dagId))).is_paused;
    },
    async trigger(dagId, conf) {
      const created = await call<{ dag_run_id: string }>("POST", `${dag(dagId)}/dagRuns`, {
        logical_date: null,
        conf,
      });
      return created.dag_run_id;
    },
    async runState(dagId, runId) {
      return (await call<{ state: string }>("GET", run(dagId, runId))).state;
    },
    async xcom(dagId, runId, taskId) {
      const path = `${run(dagId, runId)}/taskInstances/${encodeURIComponent(taskId)}/xcomEntries/return_value`;
      return (await call<{ value: unknown }>("GET", path)).value;
    },
    async failRun(dagId, runId) {
      await call("PATCH", run(dagId, runId), { state: "failed" });
    },
  };
}
