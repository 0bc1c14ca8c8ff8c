import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../../../functions/ingest/ingest.ts";
import type { RawUserRecord } from "../../../functions/ingest/record.ts";
import { loadStackConfig } from "../../../infra/stack/config.ts";
import { airflowUrlOf } from "../../../infra/stack/services/airflow.ts";
import { bootstrapServersOf } from "../../../infra/stack/services/kafka.ts";
import { endOffsets, readBetween } from "../../support/kafka.ts";
import { runAirflow } from "./airflow-cli.ts";

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const api = `${airflowUrlOf(config)}/api/v2`;

/** Runs `body` and returns the users.raw records it caused for `seed`. */
async function usersProducedFor<T>(seed: string, body: () => Promise<T>) {
  const before = await endOffsets(brokers, "users.raw");
  const result = await body();
  const after = await endOffsets(brokers, "users.raw");
  const records = (await readBetween(brokers, "users.raw", before, after))
    .map((message) => JSON.parse(message.value) as RawUserRecord)
    .filter((record) => record.seed === seed);
  return { result, records };
}

async function apiJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${api}${path}`, {
    ...init,
    headers: { "content-type": "application/json" },
  });
  const text = await response.text();
  expect(response.ok, `${init?.method ?? "GET"} ${path}: ${response.status} ${text}`).toBe(true);
  return JSON.parse(text) as T;
}

const xcomOf = (dagId: string, runId: string, taskId: string) =>
  apiJson<{ value: unknown }>(
    `/dags/${dagId}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${taskId}/xcomEntries/return_value`,
  );

afterAll(async () => {
  // Leave the backfill DAG as Airflow created it: paused.
  await apiJson("/dags/ingest_backfill", { method: "PATCH", body: JSON.stringify({ is_paused: true }) });
});

describe("ingest_users DAG", () => {
  it("invokes the ingest function, whose users land in users.raw, with its summary in the log and XCom", async () => {
    const seed = `af-${randomUUID()}`;
    const { result, records } = await usersProducedFor(seed, () =>
      runAirflow(config, "airflow", [
        "dags",
        "test",
        "ingest_users",
        "--conf",
        JSON.stringify({ users: 300, resultsPerRequest: 100, concurrency: 3, seed }),
      ]),
    );
    expect(result.code, result.output).toBe(0);
    expect(records).toHaveLength(300);
    expect(new Set(records.map((record) => record.user_id)).size).toBe(300);
    expect(result.output).toMatch(/invoking realtime-data-streaming-local-ingest with payload/);
    const logged = /ingest summary: (\{.*?\})\s/.exec(result.output)?.[1];
    expect(JSON.parse(logged ?? "null")).toMatchObject({ seed, requested: 300, produced: 300, requests: 3 });
    const runId = /run_id=(manual__\S+)/.exec(result.output)?.[1] ?? "";
    const xcom = await xcomOf("ingest_users", runId, "invoke");
    expect(xcom.value).toMatchObject({ seed, requested: 300, fetched: 300, produced: 300, failedUsers: 0 });
  });

  it("fails the task on a FunctionError, with the function's error in the log", async () => {
    const { code, output } = await runAirflow(config, "airflow", [
      "dags",
      "test",
      "ingest_users",
      "--conf",
      JSON.stringify({ users: 5, extra: { colour: "blue" } }),
    ]);
    expect(code).not.toBe(0);
    expect(output).toMatch(
      /realtime-data-streaming-local-ingest failed \(Unhandled\): Error: invalid ingest payload: Unrecognized key: "colour"/,
    );
    expect(output).toMatch(/IngestFunctionError/);
    expect(output).toMatch(/InvalidPayloadError/);
    expect(output).toMatch(/state=failed/);
  });

  it("rejects params outside their schema before invoking anything", async () => {
    const { code, output } = await runAirflow(config, "airflow", [
      "dags",
      "test",
      "ingest_users",
      "--conf",
      JSON.stringify({ users: 0, seed: "not a valid seed" }),
    ]);
    expect(code).not.toBe(0);
    expect(output).not.toMatch(/invoking realtime-data-streaming-local-ingest/);
  });
});

describe("ingest_backfill DAG, triggered on the running Airflow", () => {
  it("backfills N users in chunks of whole pages, each user once, and sums the summaries", async () => {
    const seed = `bf-${randomUUID()}`;
    const conf = { users: 1000, chunkUsers: 400, resultsPerRequest: 150, concurrency: 4, seed };
    const { result: run, records } = await usersProducedFor(seed, async () => {
      await apiJson("/dags/ingest_backfill", { method: "PATCH", body: JSON.stringify({ is_paused: false }) });
      const { dag_run_id } = await apiJson<{ dag_run_id: string }>("/dags/ingest_backfill/dagRuns", {
        method: "POST",
        body: JSON.stringify({ logical_date: null, conf }),
      });
      let state = "queued";
      const deadline = Date.now() + 100_000;
      while (!["success", "failed"].includes(state) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        ({ state } = await apiJson<{ state: string }>(
          `/dags/ingest_backfill/dagRuns/${encodeURIComponent(dag_run_id)}`,
        ));
      }
      return { runId: dag_run_id, state };
    });
    expect(run.state).toBe("success");
    // 400 users is 2 pages of 150 (300 users) per invocation: 1000 users take 4 invocations.
    expect(records).toHaveLength(1000);
    expect(new Set(records.map((record) => record.user_id)).size).toBe(1000);
    const total = (await xcomOf("ingest_backfill", run.runId, "total")).value as Partial<IngestSummary> & {
      invocations: number;
    };
    expect(total).toMatchObject({ requested: 1000, produced: 1000, failedUsers: 0, invocations: 4 });
  });
});
