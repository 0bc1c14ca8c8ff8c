import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../infra/stack/config.ts";
import { airflowPaths } from "../../../infra/stack/services/airflow.ts";
import { runAirflow } from "./airflow-cli.ts";

const config = loadStackConfig();

interface DagShape {
  schedule: string | null;
  catchup: boolean;
  maxActiveRuns: number;
  tasks: string[];
  params: Record<string, unknown>;
}

/** Parses the DAGs folder in the stack's Airflow as the DAG processor does (airflow/scripts/describe_dags.py). */
async function describeDags(env: Record<string, string | undefined> = {}) {
  const script = join(airflowPaths.dags, "..", "scripts", "describe_dags.py");
  const { code, output } = await runAirflow(config, "python", [script], env);
  expect(code, output).toBe(0);
  const last = output.trimEnd().split("\n").at(-1) ?? "";
  return JSON.parse(last) as { importErrors: Record<string, string>; dags: Record<string, DagShape> };
}

describe("the DAGs in airflow/dags", () => {
  it("import without errors, with the intended schedules, catchup and params", async () => {
    const { importErrors, dags } = await describeDags({ INGEST_DAG_SCHEDULE: undefined });
    expect(importErrors).toEqual({});
    expect(Object.keys(dags).sort()).toEqual(["ingest_backfill", "ingest_users"]);
    expect(dags.ingest_users).toEqual({
      schedule: "* * * * *",
      catchup: false,
      maxActiveRuns: 1,
      tasks: ["invoke"],
      params: { users: 1000, resultsPerRequest: 500, concurrency: 8, seed: null, extra: {} },
    });
    expect(dags.ingest_backfill).toMatchObject({
      schedule: null,
      catchup: false,
      tasks: ["invoke", "plan", "total"],
      params: {
        users: 100_000,
        chunkUsers: 50_000,
        resultsPerRequest: 500,
        concurrency: 8,
        seed: null,
        extra: {},
      },
    });
  });

  it("take the ingest schedule from INGEST_DAG_SCHEDULE, and none from 'none'", async () => {
    expect((await describeDags({ INGEST_DAG_SCHEDULE: "@hourly" })).dags.ingest_users?.schedule).toBe(
      "@hourly",
    );
    expect((await describeDags({ INGEST_DAG_SCHEDULE: "none" })).dags.ingest_users?.schedule).toBeNull();
  });

  it("are what the running Airflow's DAG processor parsed, without import errors", async () => {
    const base = `http://127.0.0.1:${config.airflow.port}/api/v2`;
    const errors = (await (await fetch(`${base}/importErrors`)).json()) as { total_entries: number };
    expect(errors.total_entries).toBe(0);
    // The DAG processor lists the folder every 30 s; the first parse may still be under way right after start.
    await expect
      .poll(
        async () => {
          const body = (await (await fetch(`${base}/dags?dag_id_pattern=ingest_`)).json()) as {
            dags: { dag_id: string }[];
          };
          return body.dags.map((dag) => dag.dag_id).sort();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toEqual(["ingest_backfill", "ingest_users"]);
  });
});
