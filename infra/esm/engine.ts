import type { KafkaMapping } from "./config.ts";
import type { Invoker } from "./invoker.ts";
import { type EsmLogger, jsonLogger } from "./log.ts";
import { type MappingRunner, type MappingStatus, startMapping } from "./mapping-runner.ts";
import type { BackoffSettings } from "./retry-policy.ts";

/**
 * The Kafka event-source-mapping engine: runs every enabled mapping (see mapping-runner.ts) against one Invoke API,
 * prints a status line per mapping every `statusIntervalMs` (and on demand with {@link EsmEngine.logStatus}), and
 * stops them all gracefully. Generic: it knows functions only through the mappings loaded from serverless.yml.
 */

/** How to run the engine. */
export interface EngineOptions {
  readonly mappings: readonly KafkaMapping[];
  /** How functions are invoked (e.g. `lambdaInvoker(lambdaClientFor({ endpoint }))`). */
  readonly invoke: Invoker;
  readonly log?: EsmLogger | undefined;
  /** Status log period; 0 turns the periodic lines off. Default 30 s. */
  readonly statusIntervalMs?: number | undefined;
  /** How long {@link EsmEngine.stop} waits for in-flight invocations. Default 30 s. */
  readonly shutdownTimeoutMs?: number | undefined;
  readonly backoff?: BackoffSettings | undefined;
  readonly maxQueuedRecords?: number | undefined;
}

/** Every running mapping's status. */
export interface EngineStatus {
  readonly mappings: readonly MappingStatus[];
}

/** A running engine. */
export interface EsmEngine {
  readonly runners: readonly MappingRunner[];
  /** A snapshot of every mapping: counters, committed offsets and lag per partition. */
  status(): Promise<EngineStatus>;
  /** Logs one structured `esm status` line per mapping, and returns the snapshot. */
  logStatus(): Promise<EngineStatus>;
  /** Stops reading, waits for in-flight invocations (bounded), commits what succeeded, closes the consumers. */
  stop(): Promise<void>;
}

/**
 * Starts every enabled mapping; if one cannot start, those already started are stopped and the error is thrown.
 *
 * @example
 * const engine = await startEngine({ mappings: loadKafkaMappings(service), invoke: lambdaInvoker(client) });
 * process.once("SIGTERM", () => void engine.stop());
 */
export async function startEngine(options: EngineOptions): Promise<EsmEngine> {
  const log = options.log ?? jsonLogger();
  const runners: MappingRunner[] = [];
  for (const mapping of options.mappings) {
    if (!mapping.enabled) {
      log("info", "mapping disabled, not started", { mapping: mapping.id });
      continue;
    }
    try {
      runners.push(
        await startMapping({
          mapping,
          invoke: options.invoke,
          log,
          backoff: options.backoff,
          maxQueuedRecords: options.maxQueuedRecords,
        }),
      );
    } catch (error) {
      await Promise.allSettled(runners.map((runner) => runner.stop(options.shutdownTimeoutMs)));
      throw error;
    }
  }
  const status = async (): Promise<EngineStatus> => ({
    mappings: await Promise.all(runners.map((runner) => runner.status())),
  });
  const logStatus = async (): Promise<EngineStatus> => {
    const snapshot = await status();
    for (const mapping of snapshot.mappings) log("info", "esm status", { ...mapping });
    return snapshot;
  };
  const interval = options.statusIntervalMs ?? 30_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          logStatus().catch((error: unknown) => log("warn", "status failed", { error }));
        }, interval)
      : undefined;
  timer?.unref();
  let stopping: Promise<void> | undefined;
  return {
    runners,
    status,
    logStatus,
    stop() {
      stopping ??= (async () => {
        clearInterval(timer);
        await Promise.allSettled(runners.map((runner) => runner.stop(options.shutdownTimeoutMs)));
      })();
      return stopping;
    },
  };
}
