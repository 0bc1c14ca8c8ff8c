import { Admin } from "@platformatic/kafka";
import type { Client } from "cassandra-driver";
import { committedOffsets, lagOf, topicEndOffsets, totalOf } from "./kafka-offsets.ts";

/**
 * What the pipeline has done so far, read from the outside of each stage: the source's counters, the topics' end
 * offsets, the mappings' committed offsets and Cassandra. A figure that cannot be read right now is `null` (the
 * table shows "-"), so one slow or restarting service never stalls the others' figures.
 */

/** A Kafka event-source mapping to watch: its consumer group on its topic. */
export interface WatchedMapping {
  readonly id: string;
  readonly topic: string;
  readonly consumerGroupId: string;
}

/** One reading of every counter, at `at` (ms since the epoch). */
export interface Snapshot {
  readonly at: number;
  /** Users the source sent in whole bodies since it started. */
  readonly served: number | null;
  /** Records written to users.raw, users.processed and users.dlq (end offsets, summed over partitions). */
  readonly raw: number | null;
  readonly processed: number | null;
  readonly deadLettered: number | null;
  /** Rows in Cassandra: of the run's seed, or all users when the run has none. */
  readonly stored: number | null;
  readonly lags: readonly { readonly id: string; readonly lag: number | null }[];
}

export interface CounterSources {
  readonly bootstrapServers: readonly string[];
  /** The source's `/_stats` URL. */
  readonly sourceStatsUrl: string;
  readonly cassandra: Client;
  /** Count only this seed's rows (a `--users` run); all rows otherwise. */
  readonly seed: string | undefined;
  readonly mappings: readonly WatchedMapping[];
  readonly topics: { readonly raw: string; readonly processed: string; readonly deadLetters: string };
}

export interface Counters {
  read(): Promise<Snapshot>;
  close(): Promise<void>;
}

const PROBE_TIMEOUT_MS = 5_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise.catch(() => null), timeout]).finally(() => clearTimeout(timer));
}

/**
 * The last value of a slow reading, refreshed in the background: `get()` starts a refresh unless one is running
 * and returns the latest value at once (a full-table count can take longer than one refresh of the table).
 */
function latest<T>(read: () => Promise<T>): { get(): T | null; settled(): Promise<T | null> } {
  let value: T | null = null;
  let running: Promise<T | null> | null = null;
  const refresh = () => {
    running ??= read()
      .then(
        (fresh) => {
          value = fresh;
          return fresh;
        },
        () => value,
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    get() {
      void refresh();
      return value;
    },
    settled: () => refresh(),
  };
}

/**
 * Opens the readers (one Kafka admin client; the Cassandra client is the caller's).
 *
 * @example
 * const counters = openCounters({ bootstrapServers, sourceStatsUrl, cassandra, seed, mappings, topics });
 * const snapshot = await counters.read();
 */
export function openCounters(sources: CounterSources): Counters & { storedNow(): Promise<number | null> } {
  const admin = new Admin({ clientId: "pipeline-progress", bootstrapBrokers: [...sources.bootstrapServers] });
  const endTotal = async (topic: string) => Number(totalOf(await topicEndOffsets(admin, topic)));
  const served = async () => {
    const response = await fetch(sources.sourceStatsUrl, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return ((await response.json()) as { users: number }).users;
  };
  const stored = latest(async () => {
    const query =
      sources.seed === undefined
        ? sources.cassandra.execute("SELECT COUNT(*) AS n FROM users", [], { readTimeout: 120_000 })
        : sources.cassandra.execute("SELECT COUNT(*) AS n FROM users WHERE seed = ?", [sources.seed], {
            prepare: true,
            readTimeout: 120_000,
          });
    return Number((await query).first()?.get("n") ?? 0);
  });
  const lag = async (mapping: WatchedMapping) => {
    const [ends, committed] = await Promise.all([
      topicEndOffsets(admin, mapping.topic),
      committedOffsets(admin, mapping.consumerGroupId, mapping.topic),
    ]);
    return Number(lagOf(ends, committed));
  };
  const read = async (): Promise<Snapshot> => {
    const [servedNow, raw, processed, deadLettered, ...lags] = await Promise.all([
      withTimeout(served(), PROBE_TIMEOUT_MS),
      withTimeout(endTotal(sources.topics.raw), PROBE_TIMEOUT_MS),
      withTimeout(endTotal(sources.topics.processed), PROBE_TIMEOUT_MS),
      withTimeout(endTotal(sources.topics.deadLetters), PROBE_TIMEOUT_MS),
      ...sources.mappings.map((mapping) => withTimeout(lag(mapping), PROBE_TIMEOUT_MS)),
    ]);
    return {
      at: Date.now(),
      served: servedNow,
      raw,
      processed,
      deadLettered,
      stored: stored.get(),
      lags: sources.mappings.map((mapping, i) => ({ id: mapping.id, lag: lags[i] ?? null })),
    };
  };
  return {
    read,
    /** A fresh count, waiting for it (for the summary). */
    storedNow: () => stored.settled(),
    close: () => admin.close(),
  };
}
