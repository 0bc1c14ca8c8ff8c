import { setTimeout as sleep } from "node:timers/promises";
import type { StackConfig } from "../../infra/stack/config.ts";
import { silentReport } from "../../infra/stack/report.ts";
import type { ServiceDefinition } from "../../infra/stack/service.ts";
import { logFileOf } from "../../infra/stack/service.ts";
import { services } from "../../infra/stack/services/index.ts";
import { down, type ServiceStatus, status, up } from "../../infra/stack/stack.ts";
import { tailFile } from "../../infra/stack/supervisor.ts";

/** Fault injection on the stack's services through the stack API: kill -9, stop, start, timed. */

/** The stack's definition of a service, by name. */
export function serviceNamed(name: string): ServiceDefinition {
  const service = services.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`no stack service ${name}; known: ${services.map((s) => s.name).join(", ")}`);
  return service;
}

/** One service's status (pid, state, health). */
export async function serviceStatus(config: StackConfig, name: string): Promise<ServiceStatus> {
  const [row] = await status(config, [serviceNamed(name)]);
  if (!row) throw new Error(`no status for ${name}`);
  return row;
}

/**
 * Sends SIGKILL to a running service's whole process group (the supervisor starts each service as a group leader),
 * as a crash or the OOM killer would, and waits until `status` reports it crashed.
 *
 * @returns the pid that was killed.
 * @example
 * const pid = await killService(config, "functions");
 * await startService(config, "functions");
 */
export async function killService(config: StackConfig, name: string): Promise<number> {
  const before = await serviceStatus(config, name);
  if (before.state !== "running" || before.pid === null) {
    throw new Error(`${name} is ${before.state}, not running: nothing to kill`);
  }
  process.kill(-before.pid, "SIGKILL");
  const deadline = Date.now() + 15_000;
  while ((await serviceStatus(config, name)).state === "running") {
    if (Date.now() > deadline) throw new Error(`${name} (pid ${before.pid}) survived SIGKILL`);
    await sleep(100);
  }
  return before.pid;
}

/** Stops a service the way `npm run stack -- down <name>` does (SIGTERM, SIGKILL after the stop timeout). */
export async function stopService(config: StackConfig, name: string): Promise<void> {
  await down(config, [serviceNamed(name)], { purge: false }, silentReport);
}

/** Starts a service (restarting a crashed one) and waits until it is ready, as `npm run stack -- up <name>` does. */
export async function startService(config: StackConfig, name: string): Promise<void> {
  await up(config, [serviceNamed(name)], silentReport);
}

/**
 * The services that are not running as they should (crashed, or running but failing their probe), each with the tail
 * of its log: what a failed chaos test prints, so that a crash caused by the fault is visible.
 *
 * @example
 * throw new Error(`${error.message}\n${await unhealthyServices(config)}`);
 */
export async function unhealthyServices(config: StackConfig, lines = 25): Promise<string> {
  const rows = await status(config, services);
  const bad = rows.filter((row) => row.state === "crashed" || row.healthy === false);
  const parts = await Promise.all(
    bad.map(
      async (row) =>
        `${row.name} is ${row.state === "crashed" ? `crashed (pid ${row.pid} is gone)` : "unhealthy"}; ` +
        `last lines of ${logFileOf(config, row.name)}:\n${await tailFile(logFileOf(config, row.name), lines)}`,
    ),
  );
  return parts.join("\n\n");
}
