import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { IngestSummary } from "../../../../functions/ingest/ingest.ts";
import type { RawUserRecord } from "../../../../functions/ingest/record.ts";
import type { DeadLetter } from "../../../../functions/shared/dead-letter.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { localLambdaClient } from "../../../../infra/stack/services/functions.ts";
import { bootstrapServersOf } from "../../../../infra/stack/services/kafka.ts";
import { endOffsets, readBetween } from "../../../support/kafka.ts";
import { setSourceFaults } from "../../../support/source-api.ts";

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const lambda = localLambdaClient(config);
const sourceBase = `http://127.0.0.1:${config.source.port}`;
const FUNCTION_NAME = "realtime-data-streaming-local-ingest";

async function invoke(payload: unknown) {
  const response = await lambda.send(
    new InvokeCommand({
      FunctionName: FUNCTION_NAME,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  return {
    functionError: response.FunctionError,
    body: JSON.parse(new TextDecoder().decode(response.Payload)) as unknown,
  };
}

/** Invokes ingest and returns its summary with what it wrote to users.raw and users.dlq for its seed. */
async function ingestAndRead(payload: Record<string, unknown>) {
  const seed = `it-${randomUUID()}`;
  const before = { raw: await endOffsets(brokers, "users.raw"), dlq: await endOffsets(brokers, "users.dlq") };
  const { functionError, body } = await invoke({ ...payload, seed });
  expect(functionError, JSON.stringify(body)).toBeUndefined();
  const after = { raw: await endOffsets(brokers, "users.raw"), dlq: await endOffsets(brokers, "users.dlq") };
  const records = (await readBetween(brokers, "users.raw", before.raw, after.raw))
    .map((message) => ({ key: message.key, record: JSON.parse(message.value) as RawUserRecord }))
    .filter(({ record }) => record.seed === seed);
  const letters = (await readBetween(brokers, "users.dlq", before.dlq, after.dlq))
    .map((message) => JSON.parse(message.value) as DeadLetter)
    .filter((letter) => letter.origin.seed === seed);
  return { summary: body as IngestSummary, records, letters };
}

afterEach(async () => {
  await setSourceFaults(config, {});
});

afterAll(() => {
  lambda.destroy();
});

describe("ingest through the Lambda Invoke API", () => {
  it("puts exactly the users requested into users.raw, keyed by user_id", async () => {
    const { summary, records, letters } = await ingestAndRead({
      users: 2345,
      resultsPerRequest: 500,
      concurrency: 4,
    });
    expect(summary).toMatchObject({
      requested: 2345,
      fetched: 2345,
      produced: 2345,
      invalid: 0,
      failedRequests: 0,
    });
    expect(records).toHaveLength(2345);
    expect(new Set(records.map(({ key }) => key)).size).toBe(2345);
    expect(records.every(({ key, record }) => key === record.user_id && record.user.login.uuid === key)).toBe(
      true,
    );
    expect(letters).toEqual([]);
  });

  it("loses nothing when the source fails, rate-limits and truncates: every user is produced or dead-lettered", async () => {
    await setSourceFaults(config, {
      errorRate: 0.25,
      rateLimitRate: 0.15,
      truncateRate: 0.15,
      retryAfterSeconds: 0,
    });
    const { summary, records, letters } = await ingestAndRead({
      users: 3000,
      resultsPerRequest: 50,
      concurrency: 8,
      maxAttempts: 4,
    });
    expect(summary.retries).toBeGreaterThan(0);
    expect(summary.fetched + summary.failedUsers + summary.skippedUsers + summary.missingUsers).toBe(3000);
    expect(summary.skippedUsers + summary.missingUsers).toBe(0);
    expect(new Set(records.map(({ key }) => key)).size).toBe(summary.produced);
    expect(letters).toHaveLength(summary.failedRequests);
    expect(letters.reduce((sum, letter) => sum + Number(letter.origin.take), 0)).toBe(summary.failedUsers);
    expect(letters.every((letter) => letter.stage === "ingest" && letter.reason.length > 0)).toBe(true);
  });

  it("dead-letters every page with its reason when the source is down for good", async () => {
    await setSourceFaults(config, { errorRate: 1 });
    const { summary, records, letters } = await ingestAndRead({
      users: 120,
      resultsPerRequest: 40,
      maxAttempts: 2,
    });
    expect(summary).toMatchObject({
      requested: 120,
      fetched: 0,
      produced: 0,
      failedRequests: 3,
      failedUsers: 120,
    });
    expect(records).toEqual([]);
    expect(letters.map((letter) => letter.origin.page).sort()).toEqual([1, 2, 3]);
    expect(letters[0]?.reason).toMatch(/HTTP 500.*2 attempts|failed after 2 attempts.*HTTP 500/);
  });

  it("answers an invalid payload with a typed error naming the fields", async () => {
    const { functionError, body } = await invoke({ users: -1, colour: "blue" });
    expect(functionError).toBeDefined();
    const error = body as { errorMessage: string; trace: string[] };
    expect(error.errorMessage).toMatch(/^invalid ingest payload: users: .*colour/);
    // serverless-offline reports every errorType as "Error"; the stack names the class, as AWS's errorType would.
    expect(error.trace[0]).toMatch(/^InvalidPayloadError: /);
  });
});

describe("ingest through sls invoke local", () => {
  it("runs the handler and prints its summary", async () => {
    const { stdout } = await promisify(execFile)(
      "npx",
      [
        "sls",
        "invoke",
        "local",
        "-f",
        "ingest",
        "--data",
        JSON.stringify({ users: 25, seed: `it-${randomUUID()}` }),
      ],
      {
        env: {
          ...process.env,
          KAFKA_BOOTSTRAP_SERVERS: brokers.join(","),
          SOURCE_URL: `${sourceBase}/api/`,
          POWERTOOLS_LOG_LEVEL: "WARN",
        },
      },
    );
    const summary = JSON.parse(stdout.slice(stdout.lastIndexOf("\n{"))) as IngestSummary;
    expect(summary).toMatchObject({ requested: 25, produced: 25 });
  });
});
