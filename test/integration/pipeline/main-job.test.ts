import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawUserRecord } from "../../../functions/ingest/record.ts";
import type { DeadLetter } from "../../../functions/shared/dead-letter.ts";
import { loadStackConfig } from "../../../infra/stack/config.ts";
import { cassandraClient } from "../../../infra/stack/services/cassandra.ts";
import { bootstrapServersOf } from "../../../infra/stack/services/kafka.ts";
import { endOffsets, readBetween } from "../../support/kafka.ts";
import { setSourceFaults } from "../../support/source-api.ts";

/**
 * The main job end to end on the running stack: `npm start -- --users N` triggers ingest (through Airflow, or
 * directly), and every one of the N users is in Cassandra exactly once or accounted for as a failure.
 */

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const cassandra = cassandraClient(config, "user_stream");

beforeAll(() => cassandra.connect());
afterAll(async () => {
  await setSourceFaults(config, {});
  await cassandra.shutdown();
});

/** Runs the main job (as `npm start -- <args>` does) and returns its exit code and output. */
function runMainJob(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx/esm", "infra/pipeline/cli.ts", "--refresh-ms", "500", ...args],
      { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The ids stored in Cassandra among `ids` (asked by primary key, so nothing is missed by an index). */
async function storedIds(ids: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const result = await cassandra.execute(
      `SELECT user_id FROM users WHERE user_id IN (${chunk.map(() => "?").join(",")})`,
      chunk,
      { prepare: true },
    );
    for (const row of result.rows) stored.add(String(row.get("user_id")));
  }
  return stored;
}

async function rowsOfSeed(seed: string): Promise<number> {
  const result = await cassandra.execute("SELECT COUNT(*) AS n FROM users WHERE seed = ?", [seed], {
    prepare: true,
  });
  return Number(result.first()?.get("n"));
}

/** Runs the job for `users` users of a fresh seed; returns its output and what reached each topic for the seed. */
async function runFor(users: number, args: string[]) {
  const seed = `e2e-${randomUUID()}`;
  const before = { raw: await endOffsets(brokers, "users.raw"), dlq: await endOffsets(brokers, "users.dlq") };
  const result = await runMainJob(["--users", String(users), "--seed", seed, ...args]);
  const after = { raw: await endOffsets(brokers, "users.raw"), dlq: await endOffsets(brokers, "users.dlq") };
  const produced = (await readBetween(brokers, "users.raw", before.raw, after.raw))
    .map((message) => JSON.parse(message.value) as RawUserRecord)
    .filter((record) => record.seed === seed);
  const deadLetters = (await readBetween(brokers, "users.dlq", before.dlq, after.dlq))
    .map((message) => JSON.parse(message.value) as DeadLetter)
    .filter((letter) => letter.origin.seed === seed || (letter.payload as { seed?: string })?.seed === seed);
  return { seed, ...result, produced, deadLetters };
}

describe("npm start -- --users N", () => {
  it("Airflow → ingest → Kafka → Spark → sink → Cassandra: exactly N rows, one per user", async () => {
    const { seed, code, output, produced, deadLetters } = await runFor(3000, [
      "--page-size",
      "300",
      "--chunk-users",
      "1500",
    ]);
    expect(code, output).toBe(0);
    expect(output).toMatch(/ingest: Airflow ingest_backfill run \S+ success/);
    expect(output).toMatch(/requested 3,000 · fetched 3,000 · produced 3,000 .*\(2 invocations/);
    expect(output).toMatch(
      /all 3,000 users accounted for: 3,000 stored, 0 not produced by ingest, 0 dead-lettered/,
    );
    const ids = [...new Set(produced.map((record) => record.user_id))];
    expect(ids).toHaveLength(3000);
    expect(deadLetters).toEqual([]);
    expect((await storedIds(ids)).size).toBe(3000);
    expect(await rowsOfSeed(seed)).toBe(3000);
  });

  it("without Airflow, against a failing source: every user is stored once or its page is dead-lettered", async () => {
    // Half the requests fail (500/429/truncated) and ingest tries each page 4 times: a few pages fail for good.
    await setSourceFaults(config, {
      errorRate: 0.3,
      rateLimitRate: 0.1,
      truncateRate: 0.1,
      seed: "e2e-faults",
    });
    const { seed, code, output, produced, deadLetters } = await runFor(2000, [
      "--no-airflow",
      "--page-size",
      "50",
      "--chunk-users",
      "1000",
    ]);
    await setSourceFaults(config, {});
    expect(code, output).toBe(0);
    expect(output).toMatch(/ingest: Lambda Invoke realtime-data-streaming-local-ingest 2\/2 invocations/);
    const ids = [...new Set(produced.map((record) => record.user_id))];
    expect(ids).toHaveLength(produced.length);
    const failedPages = deadLetters.filter((letter) => letter.stage === "ingest");
    expect(failedPages.every((letter) => letter.payload === null && typeof letter.reason === "string")).toBe(
      true,
    );
    const lost = failedPages.reduce((sum, letter) => sum + Number(letter.origin.take), 0);
    expect(ids.length + lost).toBe(2000);
    expect((await storedIds(ids)).size).toBe(ids.length);
    expect(await rowsOfSeed(seed)).toBe(ids.length);
    expect(output).toMatch(
      new RegExp(
        `all 2,000 users accounted for: ${ids.length.toLocaleString("en-US")} stored, ${lost} not produced`,
      ),
    );
  });
});
