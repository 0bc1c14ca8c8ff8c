import {
  Admin,
  Consumer,
  ListOffsetTimestamps,
  type Message,
  type MessagesStream,
  MessagesStreamFallbackModes,
  MessagesStreamModes,
} from "@platformatic/kafka";
import { OffsetCommitter } from "./committer.ts";
import type { KafkaMapping } from "./config.ts";
import { type MappingCounters, newCounters } from "./counters.ts";
import { toEngineRecord } from "./engine-record.ts";
import { EngineConfigError } from "./errors.ts";
import { emptyEventBytes, MAX_INVOCATION_PAYLOAD_BYTES } from "./event.ts";
import { createFailureSender, type FailureSender } from "./failure-sender.ts";
import { compileKafkaFilters } from "./filter.ts";
import type { Invoker } from "./invoker.ts";
import {
  explainAuthenticationFailure,
  SecretsManagerCredentials,
  saslOptionsOf,
} from "./kafka-credentials.ts";
import type { EsmLogger } from "./log.ts";
import { PartitionWorker } from "./partition-worker.ts";
import { type BackoffSettings, DEFAULT_BACKOFF } from "./retry-policy.ts";
import { Semaphore } from "./semaphore.ts";

/**
 * Runs one Kafka event source mapping: one @platformatic/kafka consumer in the mapping's consumer group
 * (autocommit off), one {@link PartitionWorker} per partition, partitions invoking concurrently up to the
 * mapping's concurrency (maximumPollers, at most the partition count), one in-flight batch per partition.
 *
 * Starting position, applied only when the group has no committed offset for a partition (as on AWS, where it only
 * matters for a new mapping): TRIM_HORIZON reads from the earliest offset; LATEST and AT_TIMESTAMP resolve the
 * offset (the end, or the first record at/after the timestamp, else the end) with Admin `listOffsets` at start and
 * commit it for the group, so the position is fixed when {@link startMapping} resolves. Then the stream reads in
 * `COMMITTED` mode.
 *
 * Backpressure: records wait in per-partition queues behind a batch being retried; when all queues together hold
 * more than `maxQueuedRecords`, the whole stream is paused until they drain to half. Pausing the whole stream (not
 * only the slow partition) is a simplification that is acceptable locally: a partition retrying for ever stalls the
 * others once the bound is reached, and the counters and retry log lines say why.
 *
 * Authentication: the SASL method of the mapping's `accessConfigurations` (SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN),
 * with the username and password of its Secrets Manager secret, read from the AWS endpoint when the first connection
 * logs in; the same login for the admin client, the consumer and a Kafka on-failure destination's producer.
 *
 * Limitations: one engine instance per mapping (a rebalance to another member is not coordinated with in-flight
 * batches; at-least-once still holds), and `timestampType` is always CREATE_TIME (the client does not expose it).
 */

/** How to run a mapping. */
export interface MappingRunnerOptions {
  readonly mapping: KafkaMapping;
  readonly invoke: Invoker;
  readonly log: EsmLogger;
  readonly backoff?: BackoffSettings | undefined;
  /** Bound of all partition queues together before reading pauses; default max(10,000, 4 × batchSize × partitions). */
  readonly maxQueuedRecords?: number | undefined;
  /** The AWS account in function ARNs of failure records; default 000000000000. */
  readonly accountId?: string | undefined;
  readonly clientId?: string | undefined;
  /** Where SASL credentials come from; default: a reader of its own, closed with the mapping. */
  readonly credentials?: SecretsManagerCredentials | undefined;
}

/** One partition in a status snapshot. Offsets are strings (JSON-safe). */
export interface PartitionStatus {
  readonly partition: number;
  /** The next offset the group will read, null when nothing is committed. */
  readonly committedOffset: string | null;
  /** The high watermark, null when it could not be read. */
  readonly endOffset: string | null;
  /** endOffset − committedOffset, null when either is unknown. */
  readonly lag: string | null;
  readonly queued: number;
  readonly busy: boolean;
}

/** A mapping's state, counters and per-partition offsets. */
export interface MappingStatus {
  readonly mapping: string;
  readonly uuid: string;
  readonly functionName: string;
  readonly topic: string;
  readonly consumerGroupId: string;
  /**
   * `reconnecting`: the Kafka stream ended with an error (after the client's own retries, e.g. the broker is away);
   * the mapping reopens it from the committed offsets with backoff, as AWS keeps a mapping polling.
   */
  readonly state: "running" | "paused" | "reconnecting" | "stopping" | "stopped";
  readonly concurrency: number;
  readonly queuedRecords: number;
  readonly counters: Readonly<MappingCounters>;
  readonly partitions: readonly PartitionStatus[];
}

type Key = Buffer | null;
type EngineMessage = Message<Key, Key, string, Buffer>;

const KAFKA_COMMON = { retries: 10, retryDelay: 100 } as const;

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  try {
    const metadata = await admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    if (count > 0) return count;
  } catch (error) {
    throw new EngineConfigError(`cannot read the partitions of topic ${topic}`, { cause: error });
  }
  throw new EngineConfigError(`topic ${topic} has no partitions`);
}

/** Commits the LATEST / AT_TIMESTAMP starting offsets of the partitions the group has no committed offset for. */
async function pinStartingOffsets(admin: Admin, mapping: KafkaMapping, partitions: number): Promise<void> {
  if (mapping.startingPosition === "TRIM_HORIZON") return;
  const [group] = await admin.listConsumerGroupOffsets({ groups: [mapping.consumerGroupId] });
  const committed = new Set<number>();
  for (const topic of group?.topics ?? []) {
    if (topic.name !== mapping.topic) continue;
    for (const p of topic.partitions) if (p.committedOffset >= 0n) committed.add(p.partitionIndex);
  }
  const missing = Array.from({ length: partitions }, (_, index) => index).filter((p) => !committed.has(p));
  if (missing.length === 0) return;
  const list = async (timestamp: bigint) => {
    const [topic] = await admin.listOffsets({
      topics: [
        { name: mapping.topic, partitions: missing.map((partitionIndex) => ({ partitionIndex, timestamp })) },
      ],
    });
    return new Map(topic?.partitions.map((p) => [p.partitionIndex, p.offset]) ?? []);
  };
  const ends = await list(ListOffsetTimestamps.LATEST);
  const at =
    mapping.startingPosition === "AT_TIMESTAMP"
      ? await list(BigInt(Math.floor((mapping.startingPositionTimestamp ?? 0) * 1000)))
      : ends;
  await admin.alterConsumerGroupOffsets({
    groupId: mapping.consumerGroupId,
    topics: [
      {
        name: mapping.topic,
        partitionOffsets: missing.map((partition) => {
          const offset = at.get(partition) ?? -1n;
          return { partition, offset: offset >= 0n ? offset : (ends.get(partition) ?? 0n) };
        }),
      },
    ],
  });
}

/**
 * A running mapping. {@link status} gives a snapshot; {@link stop} shuts it down gracefully.
 *
 * @example
 * const runner = await MappingRunner.start({ mapping, invoke, log: jsonLogger() });
 * runner.counters.records; // records delivered so far
 * await runner.stop(30_000);
 */
export class MappingRunner {
  readonly mapping: KafkaMapping;
  readonly counters: MappingCounters = newCounters();
  readonly concurrency: number;
  readonly #options: MappingRunnerOptions;
  readonly #admin: Admin;
  readonly #consumer: Consumer<Key, Key, string, Buffer>;
  readonly #committer: OffsetCommitter;
  readonly #sender: FailureSender | null;
  readonly #slots: Semaphore;
  readonly #workers = new Map<number, { worker: PartitionWorker; done: Promise<void> }>();
  readonly #filter: ReturnType<typeof compileKafkaFilters>;
  readonly #maxQueued: number;
  readonly #ownCredentials: SecretsManagerCredentials | null;
  #stream: MessagesStream<Key, Key, string, Buffer> | null = null;
  #queued = 0;
  #paused = false;
  #state: MappingStatus["state"] = "running";
  #ends: bigint[] = [];
  /** Per partition, the offset after the last record queued: a reopened stream re-reads from the committed offsets,
   * and what was queued already is not queued twice. */
  readonly #nextOffsets = new Map<number, bigint>();

  private constructor(
    options: MappingRunnerOptions,
    admin: Admin,
    partitions: number,
    credentials: SecretsManagerCredentials,
  ) {
    const { mapping } = options;
    const sasl = saslOptionsOf(mapping.authentication, credentials);
    this.mapping = mapping;
    this.#ownCredentials = options.credentials ? null : credentials;
    this.#options = options;
    this.#admin = admin;
    this.#filter = compileKafkaFilters(mapping.filterPatterns);
    this.concurrency = Math.max(
      1,
      Math.min(mapping.provisionedPollerConfig?.maximumPollers ?? partitions, partitions),
    );
    this.#slots = new Semaphore(this.concurrency);
    this.#maxQueued = options.maxQueuedRecords ?? Math.max(10_000, 4 * mapping.batchSize * partitions);
    this.#consumer = new Consumer<Key, Key, string, Buffer>({
      clientId: options.clientId ?? `esm-${mapping.uuid}`,
      bootstrapBrokers: [...mapping.bootstrapServers],
      groupId: mapping.consumerGroupId,
      autocommit: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTime: 500,
      ...KAFKA_COMMON,
      ...(sasl ? { sasl } : {}),
      deserializers: {
        key: (data?: Buffer) => data ?? null,
        value: (data?: Buffer) => data ?? null,
        headerKey: (data?: Buffer) => data?.toString("utf8") ?? "",
        headerValue: (data?: Buffer) => data ?? Buffer.alloc(0),
      },
    });
    this.#committer = new OffsetCommitter(
      mapping.topic,
      (offsets) => this.#consumer.commit({ offsets }),
      options.log,
    );
    this.#sender =
      mapping.onFailure === null
        ? null
        : createFailureSender({
            destination: mapping.onFailure,
            bootstrapServers: mapping.bootstrapServers,
            region: mapping.region,
            mappingUuid: mapping.uuid,
            sasl,
          });
  }

  /**
   * Connects, fixes the starting position, joins the group and starts reading.
   *
   * @throws {EngineConfigError} when the topic cannot be read or the destination is not supported; when the mapping
   *   cannot log in, its cause is a {@link KafkaCredentialsError} naming the secret.
   */
  static async start(options: MappingRunnerOptions): Promise<MappingRunner> {
    const { mapping } = options;
    const credentials = options.credentials ?? new SecretsManagerCredentials();
    const sasl = saslOptionsOf(mapping.authentication, credentials);
    const admin = new Admin({
      clientId: options.clientId ?? `esm-${mapping.uuid}-admin`,
      bootstrapBrokers: [...mapping.bootstrapServers],
      ...KAFKA_COMMON,
      ...(sasl ? { sasl } : {}),
    });
    let runner: MappingRunner | undefined;
    try {
      const partitions = await partitionCount(admin, mapping.topic);
      await pinStartingOffsets(admin, mapping, partitions);
      runner = new MappingRunner(options, admin, partitions, credentials);
      await runner.#open(partitions);
      return runner;
    } catch (error) {
      if (runner) await runner.#close();
      else {
        await admin.close().catch(() => {});
        if (!options.credentials) credentials.close();
      }
      const login = explainAuthenticationFailure(error, mapping.authentication, credentials);
      if (login) {
        throw new EngineConfigError(`mapping ${mapping.id} could not log in to Kafka: ${login.message}`, {
          cause: login,
        });
      }
      if (error instanceof EngineConfigError) throw error;
      throw new EngineConfigError(`mapping ${mapping.id} could not start`, { cause: error });
    }
  }

  async #open(partitions: number): Promise<void> {
    const { mapping, log } = this.#options;
    const committed = await this.#consumer.listCommittedOffsets({
      topics: [{ topic: mapping.topic, partitions: Array.from({ length: partitions }, (_, p) => p) }],
    });
    for (const [partition, offset] of (committed.get(mapping.topic) ?? []).entries()) {
      this.#committer.seed(partition, offset);
    }
    await this.#openStream();
    log("info", "mapping started", {
      mapping: mapping.id,
      functionName: mapping.functionName,
      topic: mapping.topic,
      consumerGroupId: mapping.consumerGroupId,
      startingPosition: mapping.startingPosition,
      batchSize: mapping.batchSize,
      maximumBatchingWindowMs: mapping.maximumBatchingWindowMs,
      concurrency: this.concurrency,
      partitions,
    });
  }

  /** Reads the topic from the group's committed offsets (the starting position where none is committed). */
  async #openStream(): Promise<void> {
    const { mapping } = this.#options;
    const stream = await this.#consumer.consume({
      topics: [mapping.topic],
      mode: MessagesStreamModes.COMMITTED,
      fallbackMode:
        mapping.startingPosition === "TRIM_HORIZON"
          ? MessagesStreamFallbackModes.EARLIEST
          : MessagesStreamFallbackModes.LATEST,
    });
    this.#stream = stream;
    if (this.#paused) stream.pause();
    stream.on("data", (message: EngineMessage) => this.#onMessage(message));
    stream.on("error", (error: Error) => this.#onStreamError(stream, error));
  }

  #onStreamError(stream: MessagesStream<Key, Key, string, Buffer>, error: Error): void {
    if (stream !== this.#stream || (this.#state !== "running" && this.#state !== "paused")) return;
    this.#state = "reconnecting";
    this.counters.reconnects += 1;
    this.#options.log("warn", "the Kafka stream failed; reopening it from the committed offsets", {
      mapping: this.mapping.id,
      error,
    });
    void this.#reopen(stream);
  }

  /** Reopens the stream with backoff (1 s doubling to 30 s) until it reads again or the mapping stops. */
  async #reopen(failed: MessagesStream<Key, Key, string, Buffer>): Promise<void> {
    const { log } = this.#options;
    await failed.close().catch(() => {});
    for (let attempt = 1; this.#state === "reconnecting"; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** (attempt - 1))));
      if (this.#state !== "reconnecting") return;
      try {
        await this.#openStream();
      } catch (error) {
        log("warn", "the Kafka stream could not be reopened yet", {
          mapping: this.mapping.id,
          attempt,
          error,
        });
        continue;
      }
      if (this.#state !== "reconnecting") {
        // Stopped while reopening: the stop closes the consumer, and with it this stream.
        return;
      }
      this.#state = this.#paused ? "paused" : "running";
      log("info", "the Kafka stream is reading again", { mapping: this.mapping.id, attempt });
      return;
    }
  }

  #workerFor(partition: number): PartitionWorker {
    const existing = this.#workers.get(partition);
    if (existing) return existing.worker;
    const { mapping, log } = this.#options;
    const worker = new PartitionWorker(mapping.topic, partition, {
      mappingId: mapping.id,
      functionName: mapping.functionName,
      functionArn: `arn:aws:lambda:${mapping.region}:${this.#options.accountId ?? "000000000000"}:function:${mapping.functionName}`,
      bootstrapServers: mapping.bootstrapServers,
      limits: {
        batchSize: mapping.batchSize,
        maximumBatchingWindowMs: mapping.maximumBatchingWindowMs,
        maxPayloadBytes: MAX_INVOCATION_PAYLOAD_BYTES,
        overheadBytes: emptyEventBytes(mapping.bootstrapServers),
      },
      retry: {
        maximumRetryAttempts: mapping.maximumRetryAttempts,
        maximumRecordAgeInSeconds: mapping.maximumRecordAgeInSeconds,
        bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
        hasOnFailureDestination: this.#sender !== null,
      },
      reportBatchItemFailures: mapping.reportBatchItemFailures,
      backoff: this.#options.backoff ?? DEFAULT_BACKOFF,
      invokeTimeoutMs: mapping.timeoutSeconds * 1000 + 10_000,
      invoke: this.#options.invoke,
      slots: this.#slots,
      commit: (p, offset, leaderEpoch) => this.#committer.mark(p, offset, leaderEpoch),
      sender: this.#sender,
      counters: this.counters,
      log,
      onDequeued: (count) => this.#onDequeued(count),
    });
    const done = worker.run().catch((error: unknown) => {
      log("error", "partition worker failed", { mapping: mapping.id, partition, error });
    });
    this.#workers.set(partition, { worker, done });
    return worker;
  }

  #onMessage(message: EngineMessage): void {
    if (this.#state !== "running" && this.#state !== "paused") return;
    // Queued (or done) before the stream was reopened from the committed offsets.
    if (message.offset < (this.#nextOffsets.get(message.partition) ?? 0n)) return;
    this.#nextOffsets.set(message.partition, message.offset + 1n);
    this.counters.received += 1;
    const input = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      timestamp: message.timestamp,
      timestampType: "CREATE_TIME" as const,
      key: message.key ?? null,
      value: message.value ?? null,
      headers: message.headerEntries,
    };
    const worker = this.#workerFor(message.partition);
    const before = worker.queued;
    worker.enqueue(toEngineRecord(input, message.leaderEpoch, this.#filter(input)));
    this.#queued += worker.queued - before;
    if (!this.#paused && this.#queued > this.#maxQueued) {
      this.#paused = true;
      this.#state = "paused";
      this.counters.pauses += 1;
      this.#stream?.pause();
    }
  }

  #onDequeued(count: number): void {
    this.#queued -= count;
    if (this.#paused && this.#queued <= this.#maxQueued / 2 && this.#state === "paused") {
      this.#paused = false;
      this.#state = "running";
      this.#stream?.resume();
    }
  }

  /**
   * A snapshot of the mapping: state, counters, and committed offset, end offset and lag per partition.
   *
   * @example
   * const status = await runner.status();
   * status.partitions[0]?.lag; // "0" once everything is processed
   */
  async status(): Promise<MappingStatus> {
    const { mapping } = this.#options;
    if (this.#state !== "stopped") {
      try {
        this.#ends = (await this.#consumer.listOffsets({ topics: [mapping.topic] })).get(mapping.topic) ?? [];
      } catch (error) {
        // Keep the last known end offsets; the lag is then as of the previous snapshot.
        this.#options.log("debug", "end offsets unavailable", { mapping: mapping.id, error });
      }
    }
    const ends = this.#ends;
    const partitions = new Set<number>([
      ...ends.keys(),
      ...this.#committer.committed.keys(),
      ...this.#workers.keys(),
    ]);
    return {
      mapping: mapping.id,
      uuid: mapping.uuid,
      functionName: mapping.functionName,
      topic: mapping.topic,
      consumerGroupId: mapping.consumerGroupId,
      state: this.#state,
      concurrency: this.concurrency,
      queuedRecords: this.#queued,
      counters: { ...this.counters, commitErrors: this.#committer.errors },
      partitions: [...partitions]
        .sort((a, b) => a - b)
        .map((partition) => {
          const committed = this.#committer.committed.get(partition) ?? null;
          const end = ends[partition] ?? null;
          const entry = this.#workers.get(partition);
          return {
            partition,
            committedOffset: committed === null ? null : String(committed),
            endOffset: end === null ? null : String(end),
            lag: end === null ? null : String(end - (committed ?? 0n)),
            queued: entry?.worker.queued ?? 0,
            busy: entry?.worker.busy ?? false,
          };
        }),
    };
  }

  /**
   * Stops reading, lets in-flight invocations finish (at most `timeoutMs`), commits what succeeded, and closes the
   * consumer. Records not processed by then stay uncommitted and are read again by the next run.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.#state === "stopping" || this.#state === "stopped") return;
    const { mapping, log } = this.#options;
    const deadline = Date.now() + timeoutMs;
    this.#state = "stopping";
    this.#stream?.pause();
    for (const { worker } of this.#workers.values()) worker.stop();
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all([...this.#workers.values()].map((entry) => entry.done)).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished)
      log("warn", "in-flight invocations did not finish in time", { mapping: mapping.id, timeoutMs });
    this.#committer.close();
    const flushed = await this.#committer.flush(Math.max(1_000, deadline - Date.now()));
    if (!flushed) log("warn", "some offsets could not be committed", { mapping: mapping.id });
    await this.#close();
    log("info", "mapping stopped", {
      mapping: mapping.id,
      committed: Object.fromEntries(this.#committer.committed),
      counters: this.counters,
    });
  }

  async #close(): Promise<void> {
    this.#state = "stopped";
    await Promise.allSettled([
      (async () => {
        await this.#stream?.close();
        await this.#consumer.close(true);
      })(),
      this.#admin.close(),
      this.#sender?.close(),
    ]);
    this.#ownCredentials?.close();
  }
}

/**
 * Starts a mapping (see {@link MappingRunner}).
 *
 * @example
 * const runner = await startMapping({ mapping, invoke: lambdaInvoker(client), log: jsonLogger() });
 * console.log(await runner.status());
 * await runner.stop();
 */
export function startMapping(options: MappingRunnerOptions): Promise<MappingRunner> {
  return MappingRunner.start(options);
}
