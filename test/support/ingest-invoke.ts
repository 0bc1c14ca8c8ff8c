import { setTimeout as sleep } from "node:timers/promises";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { planInvocations } from "../../infra/pipeline/trigger.ts";

/** Invoking the `ingest` function through the Lambda Invoke API, as Airflow and the schedule do. */

export const INGEST_FUNCTION = "realtime-data-streaming-local-ingest";

/** What one invocation came back with: the function's result, its error, or why the call itself failed. */
export type InvokeOutcome =
  | { kind: "ok"; result: Record<string, unknown> }
  | { kind: "function-error"; errorType: string; errorMessage: string }
  | { kind: "call-failed"; message: string };

/**
 * Invokes a function with raw payload bytes (a JSON text, or anything else) and says how it went.
 *
 * @example
 * await invokeRaw(lambda, INGEST_FUNCTION, JSON.stringify({ users: 10 })); // { kind: "ok", result: { ... } }
 */
export async function invokeRaw(
  lambda: LambdaClient,
  functionName: string,
  payload: string,
  timeoutMs = 180_000,
): Promise<InvokeOutcome> {
  try {
    const response = await lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode(payload) }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
    const text = new TextDecoder().decode(response.Payload);
    if (response.FunctionError) {
      const body = JSON.parse(text || "{}") as {
        errorType?: string;
        errorMessage?: string;
        trace?: string[];
      };
      // serverless-offline reports every errorType as "Error"; the trace's first line names the class, as AWS's
      // errorType would.
      const fromTrace = /^(\w+): /.exec(body.trace?.[0] ?? "")?.[1];
      const errorType = body.errorType === "Error" && fromTrace ? fromTrace : body.errorType;
      return {
        kind: "function-error",
        errorType: errorType ?? response.FunctionError,
        errorMessage: body.errorMessage ?? text,
      };
    }
    return { kind: "ok", result: JSON.parse(text) as Record<string, unknown> };
  } catch (error) {
    return { kind: "call-failed", message: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** How a driven load went: every invocation's final summary, and the attempts that failed and were retried. */
export interface LoadResult {
  summaries: Record<string, unknown>[];
  failedAttempts: { payload: Record<string, unknown>; outcome: InvokeOutcome; atMs: number }[];
}

export interface LoadRequest {
  seed: string;
  users: number;
  /** `resultsPerRequest` of each invocation. */
  pageSize: number;
  /** Users per invocation (whole pages). */
  chunkUsers: number;
  concurrency?: number;
  /** Invocations in flight. */
  parallel?: number;
  /** Extra payload fields, e.g. `requestTimeoutMs`. */
  extra?: Record<string, unknown>;
  /** Gives up retrying an invocation after this time (ms since the epoch). */
  deadline: number;
}

/**
 * Fetches users 1..N of a seed through ingest, in invocations of consecutive pages (the plan of the
 * `ingest_backfill` DAG). An invocation that fails — the functions process killed under it, Kafka away — is retried
 * with the same payload until it succeeds, as Airflow retries a failed task; an invalid payload is not retried.
 *
 * @example
 * const load = await driveIngest(lambda, { seed, users: 3000, pageSize: 100, chunkUsers: 1000, deadline });
 */
export async function driveIngest(lambda: LambdaClient, request: LoadRequest): Promise<LoadResult> {
  const payloads = planInvocations({
    users: request.users,
    pageSize: request.pageSize,
    concurrency: request.concurrency ?? 4,
    chunkUsers: request.chunkUsers,
    seed: request.seed,
  }).map((payload) => ({ ...payload, ...request.extra }));
  const result: LoadResult = { summaries: [], failedAttempts: [] };
  let next = 0;
  const worker = async () => {
    while (next < payloads.length) {
      const payload = payloads[next++] as Record<string, unknown>;
      for (;;) {
        const outcome = await invokeRaw(lambda, INGEST_FUNCTION, JSON.stringify(payload));
        if (outcome.kind === "ok") {
          result.summaries.push(outcome.result);
          break;
        }
        result.failedAttempts.push({ payload, outcome, atMs: Date.now() });
        if (outcome.kind === "function-error" && outcome.errorType === "InvalidPayloadError") {
          throw new Error(`ingest rejected ${JSON.stringify(payload)}: ${outcome.errorMessage}`);
        }
        if (Date.now() > request.deadline) {
          throw new Error(`ingest kept failing for ${JSON.stringify(payload)}: ${JSON.stringify(outcome)}`);
        }
        await sleep(1_000);
      }
    }
  };
  await Promise.all(Array.from({ length: request.parallel ?? 2 }, worker));
  return result;
}
