import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { AirflowApi } from "./airflow-api.ts";

/**
 * How ingest gets triggered during a run: Airflow (the `ingest_backfill` DAG for `--users N`, the scheduled
 * `ingest_users` DAG otherwise) or, without Airflow, serverless-offline's `schedule` event or the job's own
 * invocations through the Lambda Invoke API.
 */

/** The sum of the ingest summaries of a run (fields as the ingest function returns them). */
export type IngestTotals = Record<string, number>;

export interface IngestOutcome {
  readonly ok: boolean;
  readonly totals: IngestTotals | null;
  readonly error?: string;
}

export interface IngestTrigger {
  /** One line for the table's header. */
  describe(): string;
  /** Settles when the trigger has nothing more to do (never, for a schedule). */
  readonly finished: Promise<IngestOutcome>;
  /** Stops triggering: pauses what it unpaused, fails an unfinished Airflow run, starts no more invocations. */
  stop(options: { keepSchedule: boolean }): Promise<void>;
}

/** The ingest summary fields that add up across invocations (as the backfill DAG sums them). */
export const SUMMED_FIELDS = [
  "requested",
  "fetched",
  "produced",
  "invalid",
  "retries",
  "requests",
  "failedRequests",
  "failedUsers",
  "skippedUsers",
  "missingUsers",
] as const;

export interface BackfillRequest {
  readonly users: number;
  readonly pageSize: number;
  readonly concurrency: number;
  readonly chunkUsers: number;
  readonly seed: string;
}

/**
 * The ingest payloads of a `--users` run: whole pages per invocation, consecutive first pages, one seed, so the
 * invocations fetch users 1..N of the seed's sequence exactly once (the same plan as the `ingest_backfill` DAG).
 *
 * @example
 * planInvocations({ users: 1000, pageSize: 150, concurrency: 4, chunkUsers: 400, seed: "s" }).map((p) => p.users);
 * // [300, 300, 300, 100]
 */
export function planInvocations(request: BackfillRequest): Record<string, unknown>[] {
  const pagesPerChunk = Math.max(1, Math.floor(request.chunkUsers / request.pageSize));
  const chunk = pagesPerChunk * request.pageSize;
  const payloads: Record<string, unknown>[] = [];
  for (let start = 0; start < request.users; start += chunk) {
    payloads.push({
      users: Math.min(chunk, request.users - start),
      resultsPerRequest: request.pageSize,
      concurrency: request.concurrency,
      seed: request.seed,
      firstPage: 1 + start / request.pageSize,
    });
  }
  return payloads;
}

/** Adds the summed fields of `summaries`. */
export function sumSummaries(summaries: readonly Record<string, unknown>[]): IngestTotals {
  const totals: IngestTotals = { invocations: summaries.length };
  for (const field of SUMMED_FIELDS) {
    totals[field] = summaries.reduce((sum, summary) => sum + (Number(summary[field]) || 0), 0);
  }
  return totals;
}

const never = new Promise<IngestOutcome>(() => {});

/** The functions' own `schedule` event triggers ingest; the job has nothing to do. */
export function serverlessSchedule(): IngestTrigger {
  return {
    describe: () => "ingest: serverless-offline schedule (every minute)",
    finished: never,
    stop: async () => {},
  };
}

/**
 * Unpauses the scheduled `ingest_users` DAG (each run invokes ingest once); `stop` pauses it again unless the
 * schedule is to keep running.
 */
export async function airflowSchedule(api: AirflowApi, dagId = "ingest_users"): Promise<IngestTrigger> {
  await api.setPaused(dagId, false);
  return {
    describe: () => `ingest: Airflow DAG ${dagId} (scheduled)`,
    finished: never,
    async stop({ keepSchedule }) {
      if (!keepSchedule) await api.setPaused(dagId, true);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Triggers one `ingest_backfill` run for the request and follows it; its outcome carries the DAG's summed summary.
 */
export async function airflowBackfill(
  api: AirflowApi,
  request: BackfillRequest,
  dagId = "ingest_backfill",
): Promise<IngestTrigger> {
  const wasPaused = await api.isPaused(dagId);
  if (wasPaused) await api.setPaused(dagId, false);
  const runId = await api.trigger(dagId, {
    users: request.users,
    chunkUsers: request.chunkUsers,
    resultsPerRequest: request.pageSize,
    concurrency: request.concurrency,
    seed: request.seed,
  });
  let state = "queued";
  let stopped = false;
  const finished = (async (): Promise<IngestOutcome> => {
    while (!stopped) {
      state = await api.runState(dagId, runId).catch(() => state);
      if (state === "success") {
        const totals = (await api.xcom(dagId, runId, "total").catch(() => null)) as IngestTotals | null;
        return { ok: true, totals };
      }
      if (state === "failed") {
        return { ok: false, totals: null, error: `Airflow run ${runId} failed: see its task logs in the UI` };
      }
      await sleep(1_000);
    }
    return { ok: false, totals: null, error: "stopped before the Airflow run finished" };
  })();
  return {
    describe: () => `ingest: Airflow ${dagId} run ${runId} ${state}`,
    finished,
    async stop() {
      stopped = true;
      if (state !== "success" && state !== "failed") await api.failRun(dagId, runId).catch(() => {});
      if (wasPaused) await api.setPaused(dagId, true);
    },
  };
}

/**
 * Invokes the ingest function itself through the Lambda Invoke API (serverless-offline, or AWS Lambda alike), one
 * planned payload after another, two at a time.
 */
export function directInvocations(
  lambda: LambdaClient,
  functionName: string,
  request: BackfillRequest,
): IngestTrigger {
  const payloads = planInvocations(request);
  const summaries: Record<string, unknown>[] = [];
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < payloads.length) {
      const payload = payloads[next++];
      const response = await lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
      const body = new TextDecoder().decode(response.Payload);
      if (response.FunctionError) {
        throw new Error(`${functionName} failed (${response.FunctionError}): ${body}`);
      }
      summaries.push(JSON.parse(body) as Record<string, unknown>);
    }
  };
  const finished = Promise.all([worker(), worker()]).then(
    (): IngestOutcome =>
      stopped
        ? { ok: false, totals: sumSummaries(summaries), error: "stopped before every invocation ran" }
        : { ok: true, totals: sumSummaries(summaries) },
    (error: unknown): IngestOutcome => ({
      ok: false,
      totals: sumSummaries(summaries),
      error: (error as Error).message,
    }),
  );
  return {
    describe: () =>
      `ingest: Lambda Invoke ${functionName} ${summaries.length}/${payloads.length} invocations`,
    finished,
    async stop() {
      stopped = true;
    },
  };
}
