import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { Client } from "cassandra-driver";
import { type Percentiles, percentiles, perSecond, round } from "../support/stats.ts";
import { latencySampler } from "./latency-sampler.ts";
import { lagSlope, type ProgressPoint, type ProgressProbe } from "./progress.ts";

/** One offered-load step. */
export interface LoadStep {
  readonly offeredUsersPerSecond: number;
  readonly seconds: number;
  readonly invocations: number;
  /** Ticks skipped because `maxInFlight` invocations were still running (ingest could not keep up). */
  readonly skippedTicks: number;
  readonly failedInvocations: number;
  /** Users produced to users.raw per second during the step. */
  readonly ingestedUsersPerSecond: number;
  /** Users stored in Cassandra per second during the step (the sink mapping's commits). */
  readonly storedUsersPerSecond: number;
  readonly lagAtEnd: number;
  /** Growth of `produced - stored` per second over the step's last 60 % (least squares). */
  readonly lagGrowthPerSecond: number;
  readonly sustained: boolean;
  /** Ingest (`ingested_at`) to row visible in Cassandra, for the step's sampled users. */
  readonly latencyMs: Percentiles;
  readonly unseenSamples: number;
}

export interface EndToEndResult {
  readonly steps: LoadStep[];
  /** The users/s ingested at the highest sustained step, whose lag did not grow (0 when none was). */
  readonly sustainedUsersPerSecond: number;
  /** That step's latency. */
  readonly latencyAtSustainedMs: Percentiles | null;
  /** Every second: produced and stored since the start (for the report's timeline). */
  readonly timeline: ProgressPoint[];
  readonly drainSeconds: number;
}

export interface EndToEndOptions {
  readonly lambda: LambdaClient;
  readonly ingestFunction: string;
  readonly sourceUrl: string;
  readonly cassandra: Client;
  readonly probe: ProgressProbe;
  readonly loads: readonly number[];
  readonly stepSeconds: number;
  readonly drainTimeoutMs: number;
  readonly samplesPerInvocation: number;
  readonly maxInFlight: number;
  /** A step is not sustained when its lag grows faster than this fraction of the offered load. */
  readonly lagGrowthTolerance: number;
  readonly log: (line: string) => void;
}

const TICK_MS = 1_000;

/** The id of the first user of `page` (pages of `results`): user (page-1)*results+1 of the seed's sequence. */
async function firstUserOf(sourceUrl: string, seed: string, page: number, results: number): Promise<string> {
  const response = await fetch(
    `${sourceUrl}?results=1&seed=${seed}&page=${(page - 1) * results + 1}&inc=login`,
  );
  const body = (await response.json()) as { results: { login: { uuid: string } }[] };
  return body.results[0]?.login.uuid ?? "";
}

/**
 * End to end, source → Cassandra: invokes the ingest function through the Lambda Invoke API every second with the
 * step's users, at each offered load in turn, until a step's lag grows without bound; then stops offering and
 * drains. Throughput comes from Kafka offsets (users.raw written, users.processed committed by the sink mapping);
 * latency from sampled users (the first user of some pages, found again through the deterministic source) polled
 * in Cassandra.
 *
 * @example
 * const result = await endToEnd({ lambda, ingestFunction, sourceUrl, cassandra, probe, loads: [1000, 4000], … });
 */
export async function endToEnd(options: EndToEndOptions): Promise<EndToEndResult> {
  const { probe, log } = options;
  const sampler = latencySampler(options.cassandra, 250);
  const timeline: ProgressPoint[] = [];
  let recording = true;
  const recorder = (async () => {
    while (recording) {
      timeline.push(await probe.read());
      await sleep(500);
    }
  })();
  const steps: LoadStep[] = [];
  const drainStarted = { at: 0 };
  try {
    for (const [index, offered] of options.loads.entries()) {
      const seed = `bench-${randomBytes(4).toString("hex")}`;
      const results = Math.min(offered, 1000);
      const pagesPerTick = Math.ceil(offered / results);
      let page = 1;
      let inFlight = 0;
      let invocations = 0;
      let skippedTicks = 0;
      let failedInvocations = 0;
      const running: Promise<void>[] = [];
      const invoke = async (firstPage: number) => {
        inFlight += 1;
        invocations += 1;
        try {
          const response = await options.lambda.send(
            new InvokeCommand({
              FunctionName: options.ingestFunction,
              Payload: Buffer.from(
                JSON.stringify({
                  users: offered,
                  resultsPerRequest: results,
                  concurrency: Math.min(8, pagesPerTick),
                  seed,
                  firstPage,
                }),
              ),
            }),
          );
          if (response.FunctionError) failedInvocations += 1;
          const pages = Array.from({ length: options.samplesPerInvocation }, (_, i) =>
            Math.min(
              firstPage + Math.floor((i * pagesPerTick) / options.samplesPerInvocation),
              firstPage + pagesPerTick - 1,
            ),
          );
          for (const sampled of new Set(pages)) {
            sampler.add(await firstUserOf(options.sourceUrl, seed, sampled, results), index);
          }
        } catch (error) {
          failedInvocations += 1;
          log(`ingest invocation failed: ${(error as Error).message}`);
        } finally {
          inFlight -= 1;
        }
      };
      const start = await probe.read();
      const stepStarted = Date.now();
      const points: ProgressPoint[] = [];
      for (let tick = 0; tick < options.stepSeconds; tick++) {
        if (inFlight < options.maxInFlight) {
          running.push(invoke(page));
          page += pagesPerTick;
        } else skippedTicks += 1;
        await sleep(Math.max(0, stepStarted + (tick + 1) * TICK_MS - Date.now()));
        if (tick >= options.stepSeconds * 0.4) points.push(await probe.read());
      }
      const end = await probe.read();
      await Promise.all(running);
      const elapsed = end.atMs - start.atMs;
      const growth = lagSlope(points);
      const ingested = perSecond(end.produced - start.produced, elapsed);
      const sustained =
        failedInvocations === 0 &&
        ingested >= 0.9 * offered &&
        growth <= options.lagGrowthTolerance * offered;
      const { latencies, pending } = sampler.of(index);
      const step: LoadStep = {
        offeredUsersPerSecond: offered,
        seconds: round(elapsed / 1000, 1),
        invocations,
        skippedTicks,
        failedInvocations,
        ingestedUsersPerSecond: ingested,
        storedUsersPerSecond: perSecond(end.stored - start.stored, elapsed),
        lagAtEnd: end.produced - end.stored,
        lagGrowthPerSecond: Math.round(growth),
        sustained,
        latencyMs: percentiles(latencies),
        unseenSamples: pending,
      };
      steps.push(step);
      log(
        `offered ${offered} users/s: ingested ${step.ingestedUsersPerSecond}/s, stored ${step.storedUsersPerSecond}/s, ` +
          `lag ${step.lagAtEnd} (${step.lagGrowthPerSecond >= 0 ? "+" : ""}${step.lagGrowthPerSecond}/s)` +
          `${sustained ? "" : " — not sustained"}`,
      );
      if (!sustained) break;
    }
    drainStarted.at = Date.now();
    const deadline = drainStarted.at + options.drainTimeoutMs;
    while (Date.now() < deadline) {
      const now = await probe.read();
      if (now.produced - now.stored <= 0 && sampler.pending() === 0) break;
      await sleep(500);
    }
  } finally {
    recording = false;
    await recorder;
    await sampler.stop();
  }
  // The latencies of samples seen while draining count too.
  const final = steps.map((step, index) => {
    const { latencies, pending } = sampler.of(index);
    return { ...step, latencyMs: percentiles(latencies), unseenSamples: pending };
  });
  const best = final.filter((step) => step.sustained).at(-1);
  return {
    steps: final,
    sustainedUsersPerSecond: best?.ingestedUsersPerSecond ?? 0,
    latencyAtSustainedMs: best?.latencyMs ?? null,
    timeline,
    drainSeconds: round((Date.now() - drainStarted.at) / 1000, 1),
  };
}
