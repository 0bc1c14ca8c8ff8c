import { setTimeout as sleep } from "node:timers/promises";
import { Admin } from "@platformatic/kafka";
import { committedOffsets, lagOf, topicEndOffsets, totalOf } from "../../infra/pipeline/kafka-offsets.ts";

/** Records produced to the raw topic and records the sink's mapping has committed, at one instant. */
export interface ProgressPoint {
  /** ms since the run's start. */
  readonly atMs: number;
  readonly produced: number;
  readonly stored: number;
}

/** Reads the pipeline's two ends from Kafka offsets: users.raw's end offsets and the sink group's commits. */
export interface ProgressProbe {
  read(): Promise<ProgressPoint>;
  close(): Promise<void>;
}

/**
 * A probe counting from now: `produced` = records written to `rawTopic` since, `stored` = records of
 * `processedTopic` the sink's group committed since (it commits only after the rows are written).
 *
 * @example
 * const probe = await progressProbe(brokers, "users.raw", "users.processed", sinkGroupId);
 * const { produced, stored } = await probe.read();
 */
export async function progressProbe(
  brokers: string[],
  rawTopic: string,
  processedTopic: string,
  sinkGroupId: string,
): Promise<ProgressProbe> {
  const admin = new Admin({ clientId: "bench-progress", bootstrapBrokers: brokers });
  const totals = async () => {
    const [ends, committed] = await Promise.all([
      topicEndOffsets(admin, rawTopic),
      committedOffsets(admin, sinkGroupId, processedTopic),
    ]);
    return { produced: Number(totalOf(ends)), stored: Number(totalOf(committed)) };
  };
  const base = await totals();
  const started = performance.now();
  return {
    async read() {
      const now = await totals();
      return {
        atMs: Math.round(performance.now() - started),
        produced: now.produced - base.produced,
        stored: now.stored - base.stored,
      };
    },
    close: () => admin.close(),
  };
}

/**
 * The slope (per second) of `lag = produced - stored` over `points` by least squares; 0 with fewer than 2 points.
 *
 * @example
 * lagSlope([{ atMs: 0, produced: 0, stored: 0 }, { atMs: 1000, produced: 100, stored: 50 }]); // 50
 */
export function lagSlope(points: readonly ProgressPoint[]): number {
  if (points.length < 2) return 0;
  const xs = points.map((p) => p.atMs / 1000);
  const ys = points.map((p) => p.produced - p.stored);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : num / den;
}

/**
 * Waits (at most `timeoutMs`) until the sink's group has committed everything in `processedTopic`, so that a
 * backlog from before the run does not count as the run's throughput; resolves with the records still behind.
 *
 * @example
 * const behind = await awaitSinkCaughtUp(brokers, "users.processed", sinkGroupId, 60_000);
 */
export async function awaitSinkCaughtUp(
  brokers: string[],
  processedTopic: string,
  sinkGroupId: string,
  timeoutMs: number,
): Promise<number> {
  const admin = new Admin({ clientId: "bench-progress", bootstrapBrokers: brokers });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const [ends, committed] = await Promise.all([
        topicEndOffsets(admin, processedTopic),
        committedOffsets(admin, sinkGroupId, processedTopic),
      ]);
      const behind = Number(lagOf(ends, committed));
      if (behind === 0 || Date.now() > deadline) return behind;
      await sleep(1_000);
    }
  } finally {
    await admin.close();
  }
}
