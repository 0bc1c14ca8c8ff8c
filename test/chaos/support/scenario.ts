import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { Client } from "cassandra-driver";
import { loadStackConfig, type StackConfig } from "../../../infra/stack/config.ts";
import { cassandraClient } from "../../../infra/stack/services/cassandra.ts";
import { localLambdaClient } from "../../../infra/stack/services/functions.ts";
import { bootstrapServersOf } from "../../../infra/stack/services/kafka.ts";
import { seedRowCount } from "../../support/cassandra-users.ts";
import { type DeadLetterEntry, deadLettersBetween } from "../../support/dead-letters.ts";
import { driveIngest, type LoadResult } from "../../support/ingest-invoke.ts";
import { endOffsets, groupLag } from "../../support/kafka.ts";
import { type SeedUser, seedUsers, setSourceFaults } from "../../support/source-api.ts";
import { unhealthyServices } from "../../support/stack-control.ts";
import { type Ledger, ledgerOf } from "./ledger.ts";
import { type FaultFigures, recordFigures } from "./report.ts";

/** The consumer group of the sink's mapping on users.processed (AWS names it after the mapping). */
export const SINK_USERS_GROUP = "realtime-data-streaming-local-sink-users.processed";
export const DEAD_LETTER_TOPIC = "users.dlq";

/** What every chaos test talks to: the stack's config, Kafka, the Invoke API and Cassandra. */
export interface ChaosContext {
  readonly config: StackConfig;
  readonly brokers: string[];
  readonly lambda: LambdaClient;
  /** The current Cassandra client (replaced by {@link ChaosContext.reconnect} after an outage). */
  cassandra(): Client;
  /** Drops the Cassandra client and makes a new one (the driver's reconnection backoff grows during outages). */
  reconnect(): void;
  close(): Promise<void>;
}

/** Clients for the stack named by the environment (`STACK_*`), as the integration tests use it. */
export function chaosContext(): ChaosContext {
  const config = loadStackConfig();
  const lambda = localLambdaClient(config);
  let client = cassandraClient(config, "user_stream");
  return {
    config,
    brokers: bootstrapServersOf(config),
    lambda,
    cassandra: () => client,
    reconnect() {
      void client.shutdown().catch(() => {});
      client = cassandraClient(config, "user_stream");
    },
    async close() {
      lambda.destroy();
      await client.shutdown();
    },
  };
}

/** The seed's stored-row count as last read (every 250 ms), for faults that wait for a moment mid-stream. */
export interface Progress {
  readonly stored: number;
  /** Resolves once `check` holds (throws after `timeoutMs`). */
  until(what: string, check: () => boolean, timeoutMs?: number): Promise<void>;
}

/** When the fault began and when the faulted service was back (null: not an outage). */
export interface FaultTiming {
  faultAt: number;
  healedAt: number | null;
  /** What the fault found, e.g. how many users were stored when it struck. */
  notes?: string[];
}

export interface ScenarioOptions {
  fault: string;
  injected: string;
  users: number;
  pageSize: number;
  chunkUsers: number;
  /** Ingest invocations in flight. */
  parallel?: number;
  /** Extra ingest payload fields. */
  extra?: Record<string, unknown>;
  /** Runs after the expected users are known, before the load starts (e.g. turning source faults on). */
  before?: () => Promise<void>;
  /** Runs alongside the load; injects the fault and returns once it is healed. */
  inject: (progress: Progress) => Promise<FaultTiming>;
  /** How long to wait, after the load and the fault are over, for every user to be accounted for. */
  settleTimeoutMs?: number;
  notes?: string[];
}

export interface ScenarioResult {
  seed: string;
  expected: SeedUser[];
  ledger: Ledger;
  letters: DeadLetterEntry[];
  load: LoadResult;
  figures: FaultFigures;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 24);
}

/** Reads the seed's row count in the background; tolerant of Cassandra being away. */
function startPoller(ctx: ChaosContext, seed: string) {
  const samples: { at: number; stored: number }[] = [];
  let stored = 0;
  let failing = false;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        stored = await seedRowCount(ctx.cassandra(), seed);
        samples.push({ at: Date.now(), stored });
        failing = false;
      } catch {
        if (!failing) ctx.reconnect();
        failing = true;
      }
      await sleep(250);
    }
  })();
  const progress: Progress = {
    get stored() {
      return stored;
    },
    async until(what, check, timeoutMs = 180_000) {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (stored ${stored})`);
        await sleep(100);
      }
    },
  };
  return {
    progress,
    /** When the count first reached its current value. */
    reachedAt: () => samples.find((s) => s.stored === stored)?.at ?? Date.now(),
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** The expected users that the dead letters of a seed account for (letters without a reason count for nothing). */
function coveredCount(
  letters: readonly DeadLetterEntry[],
  seed: string,
  expected: readonly SeedUser[],
): number {
  const ids = new Set(expected.map((u) => u.userId));
  const covered = new Set<string>();
  for (const letter of letters) {
    if (letter.reason.length === 0) continue;
    if (letter.page?.seed === seed) {
      const first = (letter.page.page - 1) * letter.page.results;
      for (const u of expected.slice(first, first + letter.page.take)) covered.add(u.userId);
    }
    for (const id of letter.userIds) if (ids.has(id)) covered.add(id);
  }
  return covered.size;
}

/**
 * Runs one fault under load: ingest fetches `users` users of a fresh seed through the Lambda Invoke API while
 * `inject` faults a service; then waits until every user is stored or dead-lettered and the sink's lag is zero (or
 * `settleTimeoutMs` passes), checks the invariant, and records the fault's figures for the report.
 *
 * @example
 * const result = await runScenario(ctx, { fault: "kafka restart", injected: "…", users: 3000, pageSize: 100,
 *   chunkUsers: 1000, inject: async () => { … } });
 * expect(result.ledger.lost).toEqual([]);
 */
export async function runScenario(ctx: ChaosContext, options: ScenarioOptions): Promise<ScenarioResult> {
  const seed = `chaos-${slug(options.fault)}-${randomUUID().slice(0, 8)}`;
  await setSourceFaults(ctx.config, {});
  const expected = await seedUsers(ctx.config, seed, options.users, options.pageSize);
  const dlqBefore = await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC);
  await options.before?.();
  const poller = startPoller(ctx, seed);
  const started = Date.now();
  const load = driveIngest(ctx.lambda, {
    seed,
    users: options.users,
    pageSize: options.pageSize,
    chunkUsers: options.chunkUsers,
    ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
    ...(options.extra === undefined ? {} : { extra: options.extra }),
    deadline: started + 150_000,
  });
  // A load failure surfaces after the fault is healed, not as an unhandled rejection meanwhile.
  load.catch(() => {});
  let timing: FaultTiming;
  let loadResult: LoadResult;
  let letters: DeadLetterEntry[] = [];
  let recoveredAt = Date.now();
  let recovered = false;
  let loadDoneAt = Date.now();
  try {
    timing = await options.inject(poller.progress);
    loadResult = await load;
    loadDoneAt = Date.now();
    const deadline = Date.now() + (options.settleTimeoutMs ?? 120_000);
    for (;;) {
      const stableFor = Date.now() - poller.reachedAt();
      if (poller.progress.stored >= expected.length || stableFor > 3_000) {
        const lag = await groupLag(ctx.brokers, SINK_USERS_GROUP, "users.processed").catch(() => -1n);
        letters = await deadLettersBetween(
          ctx.brokers,
          DEAD_LETTER_TOPIC,
          dlqBefore,
          await endOffsets(ctx.brokers, DEAD_LETTER_TOPIC),
        );
        const accounted = poller.progress.stored + coveredCount(letters, seed, expected);
        if (lag === 0n && accounted >= expected.length) {
          recoveredAt = Math.max(poller.reachedAt(), timing.healedAt ?? 0);
          recovered = true;
          break;
        }
      }
      if (Date.now() > deadline) {
        recoveredAt = Date.now();
        break;
      }
      await sleep(500);
    }
  } catch (error) {
    const unhealthy = await unhealthyServices(ctx.config);
    if (unhealthy) (error as Error).message += `\n\nunhealthy services:\n${unhealthy}`;
    throw error;
  } finally {
    await poller.stop();
  }
  ctx.reconnect();
  const ledger = await ledgerOf(ctx.cassandra(), seed, expected, letters);
  const finalLag = await groupLag(ctx.brokers, SINK_USERS_GROUP, "users.processed").catch(() => null);
  const figures: FaultFigures = {
    fault: options.fault,
    injected: options.injected,
    seed,
    usersIn: ledger.usersIn,
    rowsStored: ledger.stored,
    deadLettered: ledger.deadLettered,
    lost: ledger.lost.length,
    duplicated: ledger.duplicated.length + Math.max(0, ledger.extraRows),
    outageMs: timing.healedAt === null ? null : timing.healedAt - timing.faultAt,
    recoveryMs: recovered ? recoveredAt - timing.faultAt : null,
    retriedInvocations: loadResult.failedAttempts.length,
    notes: [
      ...(options.notes ?? []),
      ...(timing.notes ?? []),
      `ingest finished ${((loadDoneAt - timing.faultAt) / 1000).toFixed(1)} s after the fault, ` +
        `${((loadDoneAt - started) / 1000).toFixed(1)} s after it started`,
      ...(ledger.storedAndDeadLettered > 0
        ? [`${ledger.storedAndDeadLettered} users stored and also dead-lettered by an earlier attempt`]
        : []),
      ...(ledger.lost.length > 0
        ? [
            `${ledger.lost.length} users neither stored nor dead-lettered when the test stopped waiting ` +
              `(${((recoveredAt - timing.faultAt) / 1000).toFixed(0)} s after the fault); the sink mapping's lag ` +
              `on users.processed was ${finalLag ?? "unreadable"}`,
          ]
        : []),
      ...(ledger.notInByCountry.length > 0
        ? [`${ledger.notInByCountry.length} stored users missing from users_by_country`]
        : []),
    ],
  };
  await recordFigures(ctx.config, figures);
  return { seed, expected, ledger, letters, load: loadResult, figures };
}
