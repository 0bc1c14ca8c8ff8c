import { z } from "zod";
import { EngineConfigError } from "./errors.ts";
import type { LogLevel } from "./log.ts";

/**
 * The standalone engine's settings from the environment, validated once:
 *
 * | variable                  | default                                         | meaning                                   |
 * | ------------------------- | ----------------------------------------------- | ----------------------------------------- |
 * | `LAMBDA_ENDPOINT`         | serverless-offline's lambda port in serverless.yml | Invoke API URL; `aws`: the SDK's own endpoint |
 * | `ESM_STATUS_INTERVAL_MS`  | 30000                                           | status lines period (0: off)              |
 * | `ESM_SHUTDOWN_TIMEOUT_MS` | 30000                                           | wait for in-flight invocations on stop    |
 * | `ESM_LOG_LEVEL`           | info                                            | debug, info, warn or error                |
 * | `ESM_SERVICE_DIR`         | the repository root                             | where `sls print` runs (serverless.yml)   |
 *
 * The SASL secrets of the mappings' `accessConfigurations` are read from the AWS endpoint the SDK resolves by itself:
 * `AWS_ENDPOINT_URL` (locally, the stack's moto), credentials and region from the usual AWS variables.
 */

const envSchema = z.object({
  LAMBDA_ENDPOINT: z.union([z.literal("aws"), z.url({ protocol: /^https?$/ })]).optional(),
  ESM_STATUS_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  ESM_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  ESM_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  ESM_SERVICE_DIR: z.string().min(1).optional(),
});

/** The validated settings. */
export interface EngineEnv {
  /** LAMBDA_ENDPOINT as given: a URL, `"aws"`, or undefined when unset (see {@link resolveLambdaEndpoint}). */
  readonly lambdaEndpoint: string | undefined;
  readonly statusIntervalMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  /** Where serverless.yml is; undefined: the repository root. */
  readonly serviceDir: string | undefined;
}

/**
 * Reads the engine's settings, before anything slow happens.
 *
 * @throws {EngineConfigError} naming every invalid variable.
 * @example
 * loadEngineEnv({ LAMBDA_ENDPOINT: "aws" }).lambdaEndpoint; // "aws"
 */
export function loadEngineEnv(env: NodeJS.ProcessEnv): EngineEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EngineConfigError(`invalid engine environment: ${problems.join("; ")}`, {
      cause: parsed.error,
    });
  }
  return {
    lambdaEndpoint: parsed.data.LAMBDA_ENDPOINT,
    statusIntervalMs: parsed.data.ESM_STATUS_INTERVAL_MS,
    shutdownTimeoutMs: parsed.data.ESM_SHUTDOWN_TIMEOUT_MS,
    logLevel: parsed.data.ESM_LOG_LEVEL,
    serviceDir: parsed.data.ESM_SERVICE_DIR,
  };
}

/**
 * The endpoint to invoke at: LAMBDA_ENDPOINT's URL; undefined for `aws` (the SDK's own resolution: AWS, or
 * `AWS_ENDPOINT_URL`); serverless-offline's lambda port from the service when unset.
 *
 * @example
 * resolveLambdaEndpoint(undefined, { custom: { "serverless-offline": { lambdaPort: 23002 } } });
 * // "http://127.0.0.1:23002"
 */
export function resolveLambdaEndpoint(setting: string | undefined, service: unknown): string | undefined {
  if (setting === "aws") return undefined;
  return setting ?? offlineLambdaEndpoint(service);
}

/** The Invoke API endpoint when nothing says otherwise. */
export const DEFAULT_LAMBDA_ENDPOINT = "http://127.0.0.1:3002";

/**
 * serverless-offline's Lambda Invoke API endpoint from the resolved service's `custom.serverless-offline`
 * (`host`, `lambdaPort`), or {@link DEFAULT_LAMBDA_ENDPOINT}.
 *
 * @example
 * offlineLambdaEndpoint({ custom: { "serverless-offline": { host: "127.0.0.1", lambdaPort: "23002" } } });
 * // "http://127.0.0.1:23002"
 */
export function offlineLambdaEndpoint(service: unknown): string {
  const custom = (service as { custom?: Record<string, unknown> } | null)?.custom;
  const offline = custom?.["serverless-offline"] as { host?: unknown; lambdaPort?: unknown } | undefined;
  const port = Number(offline?.lambdaPort ?? 3002);
  const host = typeof offline?.host === "string" && offline.host !== "" ? offline.host : "127.0.0.1";
  if (!Number.isInteger(port) || port < 1 || port > 65_535) return DEFAULT_LAMBDA_ENDPOINT;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
