import { join } from "node:path";
import type { StackConfig } from "./config.ts";
import type { Report } from "./report.ts";

/** What a service's hooks get: the validated config, the service's own state directory, and a progress sink. */
export interface ServiceContext {
  config: StackConfig;
  /** `<stateDir>/<service>`: config files, data and log live here; `down --purge` deletes it. */
  dir: string;
  report: Report;
}

/** How to start a service's process. */
export interface Launch {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * One local service, as the stack sees it. The stack owns the process lifecycle; a service only says how to prepare,
 * start and probe itself.
 */
export interface ServiceDefinition {
  readonly name: string;
  /** The ports it listens on, main port first. */
  ports(config: StackConfig): number[];
  /** Resolves artifacts (network only on a cold cache), writes config, formats storage; returns how to start it. */
  prepare(context: ServiceContext): Promise<Launch>;
  /** One readiness check doing real work (a round trip, a query, an API call); throws when not ready. */
  probe(context: ServiceContext): Promise<void>;
  /** Idempotent set-up once ready: schema, topics. Runs on every `up`. */
  provision?(context: ServiceContext): Promise<void>;
}

export function serviceDir(config: StackConfig, name: string): string {
  return join(config.stateDir, name);
}

export function logFileOf(config: StackConfig, name: string): string {
  return join(serviceDir(config, name), `${name}.log`);
}

export function recordFileOf(config: StackConfig, name: string): string {
  return join(serviceDir(config, name), "process.json");
}
