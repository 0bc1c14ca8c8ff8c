import { rm } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type { StackConfig } from "./config.ts";
import { ServiceStartError, StackError } from "./errors.ts";
import type { Report } from "./report.ts";
import {
  logFileOf,
  recordFileOf,
  type ServiceContext,
  type ServiceDefinition,
  serviceDir,
} from "./service.ts";
import {
  isRunning,
  type ProcessRecord,
  readRecord,
  removeRecord,
  spawnDetached,
  stopProcess,
  tailFile,
} from "./supervisor.ts";

export type ServiceState = "running" | "stopped" | "crashed";

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  pid: number | null;
  ports: number[];
  /** Result of one probe while running; null when not running. */
  healthy: boolean | null;
  uptimeMs: number | null;
  logFile: string;
}

const LOG_TAIL_LINES = 30;
const PROBE_INTERVAL_MS = 1_000;

function contextOf(config: StackConfig, service: ServiceDefinition, report: Report): ServiceContext {
  return { config, dir: serviceDir(config, service.name), report };
}

async function logTail(config: StackConfig, name: string): Promise<string> {
  const file = logFileOf(config, name);
  const tail = await tailFile(file, LOG_TAIL_LINES);
  return tail ? `\n--- last lines of ${file} ---\n${tail}` : `\n(${file} is empty)`;
}

/** The recorded process of a service and whether it is alive; a record whose process is gone means it crashed. */
async function inspect(
  config: StackConfig,
  name: string,
): Promise<{ record: ProcessRecord | null; alive: boolean }> {
  const record = await readRecord(recordFileOf(config, name));
  return { record, alive: record !== null && (await isRunning(record)) };
}

async function waitUntilReady(context: ServiceContext, service: ServiceDefinition, record: ProcessRecord) {
  const deadline = Date.now() + context.config.startTimeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!(await isRunning(record))) {
      throw new ServiceStartError(
        `${service.name} exited while starting${await logTail(context.config, service.name)}`,
      );
    }
    try {
      await service.probe(context);
      return;
    } catch (error) {
      lastError = error;
    }
    await sleep(PROBE_INTERVAL_MS);
  }
  await stopProcess(record, context.config.stopTimeoutMs);
  await removeRecord(recordFileOf(context.config, service.name));
  throw new ServiceStartError(
    `${service.name} was not ready after ${context.config.startTimeoutMs / 1000}s ` +
      `(last probe: ${(lastError as Error | undefined)?.message ?? "none"}); raise STACK_START_TIMEOUT_MS or read the log` +
      (await logTail(context.config, service.name)),
    { cause: lastError },
  );
}

async function upOne(config: StackConfig, service: ServiceDefinition, report: Report): Promise<void> {
  const context = contextOf(config, service, report);
  const { record, alive } = await inspect(config, service.name);
  if (alive && record) {
    const ports = service.ports(config);
    if (record.ports.join() !== ports.join()) {
      throw new StackError(
        `${service.name} is running (pid ${record.pid}) on port(s) ${record.ports.join(", ")}, but the configuration ` +
          `says ${ports.join(", ")}: stop it first (npm run stack -- down ${service.name})`,
      );
    }
    report(service.name, `already running (pid ${record.pid})`);
  } else {
    if (record) {
      report(
        service.name,
        `had crashed (pid ${record.pid} is gone); restarting${await logTail(config, service.name)}`,
      );
      await removeRecord(recordFileOf(config, service.name));
    }
    const launch = await service.prepare(context);
    const started = Date.now();
    const spawned = await spawnDetached({
      ...launch,
      logFile: logFileOf(config, service.name),
      recordFile: recordFileOf(config, service.name),
      ports: service.ports(config),
    });
    report(
      service.name,
      `started pid ${spawned.pid}, waiting until ready on port ${service.ports(config)[0]}`,
    );
    await waitUntilReady(context, service, spawned);
    report(service.name, `ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  await service.provision?.(context);
}

/** Settles every task, then throws one error naming all that failed. */
async function settleAll(tasks: Promise<void>[], names: string[], verb: string): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failures = results.flatMap((result, i) =>
    result.status === "rejected" ? [`${names[i]}: ${(result.reason as Error).message}`] : [],
  );
  if (failures.length > 0) throw new StackError(`could not ${verb} ${failures.join("\n\n")}`);
}

/**
 * Brings services up (concurrently); a running service is left alone, a crashed one is reported and restarted.
 * Provisioning (schema, topics) runs every time and is idempotent.
 *
 * @example
 * await up(loadStackConfig(), services, stderrReport);
 */
export async function up(
  config: StackConfig,
  selected: readonly ServiceDefinition[],
  report: Report,
): Promise<void> {
  await settleAll(
    selected.map((service) => upOne(config, service, report)),
    selected.map((service) => service.name),
    "start",
  );
}

/** Stops services (SIGTERM, then SIGKILL after `stopTimeoutMs`); with `purge`, also deletes their state and data. */
export async function down(
  config: StackConfig,
  selected: readonly ServiceDefinition[],
  options: { purge: boolean },
  report: Report,
): Promise<void> {
  const stopOne = async (service: ServiceDefinition) => {
    const { record } = await inspect(config, service.name);
    if (record) {
      const outcome = await stopProcess(record, config.stopTimeoutMs);
      await removeRecord(recordFileOf(config, service.name));
      report(service.name, outcome === "not-running" ? "was not running" : `${outcome} (pid ${record.pid})`);
    }
    if (options.purge) {
      await rm(serviceDir(config, service.name), { recursive: true, force: true });
      report(service.name, "purged its state and data");
    }
  };
  await settleAll(
    selected.map(stopOne),
    selected.map((service) => service.name),
    "stop",
  );
}

/** Each service's process, ports, health (one probe) and uptime. */
export async function status(
  config: StackConfig,
  selected: readonly ServiceDefinition[],
): Promise<ServiceStatus[]> {
  return Promise.all(
    selected.map(async (service): Promise<ServiceStatus> => {
      const { record, alive } = await inspect(config, service.name);
      let healthy: boolean | null = null;
      if (alive) {
        healthy = await service.probe(contextOf(config, service, () => {})).then(
          () => true,
          () => false,
        );
      }
      return {
        name: service.name,
        state: alive ? "running" : record ? "crashed" : "stopped",
        pid: record?.pid ?? null,
        ports: service.ports(config),
        healthy,
        uptimeMs: alive && record ? Date.now() - Date.parse(record.startedAt) : null,
        logFile: logFileOf(config, service.name),
      };
    }),
  );
}
