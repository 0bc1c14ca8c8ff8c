import { setTimeout as sleep } from "node:timers/promises";
import type { Client } from "cassandra-driver";

/** A sampled user: which step it belongs to, and once visible, its latency. */
interface Sample {
  readonly step: number;
  latencyMs?: number;
}

/**
 * Tracks sampled user ids until their row is visible in Cassandra's `users`, polling every `intervalMs`; the latency
 * of a sample is the time it was first seen minus the row's `ingested_at` (set by ingest when it fetched the user).
 */
export interface LatencySampler {
  add(userId: string, step: number): void;
  /** Latencies (ms) of the samples of `step` seen so far, and how many of its samples are still pending. */
  of(step: number): { latencies: number[]; pending: number };
  pending(): number;
  stop(): Promise<void>;
}

const IN_LIMIT = 100;

/**
 * Starts polling for sampled users.
 *
 * @example
 * const sampler = latencySampler(client, 250);
 * sampler.add(userId, 0);
 */
export function latencySampler(client: Client, intervalMs: number): LatencySampler {
  const samples = new Map<string, Sample>();
  const waiting = new Set<string>();
  let running = true;
  const poll = async () => {
    const ids = [...waiting].slice(0, IN_LIMIT * 4);
    for (let i = 0; i < ids.length; i += IN_LIMIT) {
      const chunk = ids.slice(i, i + IN_LIMIT);
      const result = await client.execute(
        "SELECT user_id, ingested_at FROM users WHERE user_id IN ?",
        [chunk],
        {
          prepare: true,
        },
      );
      const seenAt = Date.now();
      for (const row of result.rows) {
        const id = String(row.get("user_id"));
        const sample = samples.get(id);
        const ingestedAt = row.get("ingested_at") as Date | null;
        if (!sample || !ingestedAt || !waiting.has(id)) continue;
        sample.latencyMs = seenAt - ingestedAt.getTime();
        waiting.delete(id);
      }
    }
  };
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      if (waiting.size > 0) await poll().catch(() => {});
      await sleep(Math.max(0, intervalMs - (Date.now() - started)));
    }
  })();
  return {
    add(userId, step) {
      samples.set(userId, { step });
      waiting.add(userId);
    },
    of(step) {
      const mine = [...samples.values()].filter((sample) => sample.step === step);
      const latencies = mine.flatMap((sample) => (sample.latencyMs === undefined ? [] : [sample.latencyMs]));
      return { latencies, pending: mine.length - latencies.length };
    },
    pending: () => waiting.size,
    async stop() {
      running = false;
      await loop;
    },
  };
}
