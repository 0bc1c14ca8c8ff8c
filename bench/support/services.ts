import type { StackConfig } from "../../infra/stack/config.ts";
import type { Report } from "../../infra/stack/report.ts";
import type { ServiceDefinition } from "../../infra/stack/service.ts";
import { down, status, up } from "../../infra/stack/stack.ts";

/** Brings services up on demand and remembers which ones it started, to stop exactly those at the end. */
export interface ServiceManager {
  /** Ensures the services run (a running one is left alone; provisioning is idempotent). */
  need(services: readonly ServiceDefinition[]): Promise<void>;
  /** The names of the services started by this manager. */
  readonly started: readonly string[];
  /** Stops the services this manager started, last started first. */
  stopStarted(): Promise<void>;
}

/**
 * A {@link ServiceManager} over the stack CLI's `up`/`down`, like the integration tests' global setup.
 *
 * @example
 * const services = serviceManager(config, stderrReport);
 * await services.need([kafka, cassandra]);
 * try { … } finally { await services.stopStarted(); }
 */
export function serviceManager(config: StackConfig, report: Report): ServiceManager {
  const started: ServiceDefinition[] = [];
  return {
    get started() {
      return started.map((service) => service.name);
    },
    async need(services) {
      const before = await status(config, services);
      await up(config, services, report);
      for (const service of services) {
        const wasRunning = before.find((row) => row.name === service.name)?.state === "running";
        if (!wasRunning && !started.includes(service)) started.push(service);
      }
    },
    async stopStarted() {
      await down(config, [...started].reverse(), { purge: false }, report);
      started.length = 0;
    },
  };
}
