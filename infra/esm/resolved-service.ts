import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { EngineConfigError } from "./errors.ts";

/** The repository root (where serverless.yml lives). */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");

/**
 * The resolved service as osls prints it: `npx sls print --format json`, run from `cwd` (variables, params and
 * stages resolved, exactly what a deploy would use).
 *
 * @throws {EngineConfigError} when osls fails or prints something that is not JSON.
 * @example
 * const service = await printResolvedService(); // { service: "realtime-data-streaming", provider: {…}, … }
 */
export async function printResolvedService(
  cwd: string = REPO_ROOT,
  env: NodeJS.ProcessEnv = process.env,
): Promise<unknown> {
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)("npx", ["--no", "sls", "print", "--format", "json"], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // osls prints why it rejects serverless.yml on stdout, not stderr.
    const { stdout: printed = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    const output = `${printed}${stderr}`.trim().split("\n").slice(-20).join("\n");
    throw new EngineConfigError(
      `\`npx sls print --format json\` failed in ${cwd}${output ? `:\n${output}` : ""}`,
      {
        cause: error,
      },
    );
  }
  try {
    return JSON.parse(stdout);
  } catch (error) {
    throw new EngineConfigError("`sls print --format json` did not print JSON", { cause: error });
  }
}

/** The parts of osls's in-memory `serverless` object the plugin reads. */
export interface ServerlessLike {
  readonly service: {
    readonly service: string;
    readonly provider: Record<string, unknown>;
    readonly functions?: unknown;
    readonly custom?: unknown;
  };
  getProvider?(name: string): { getStage?(): string; getRegion?(): string } | undefined;
}

/**
 * The plain service object {@link loadKafkaMappings} reads, from osls's in-memory (already resolved) service.
 *
 * @example
 * loadKafkaMappings(serviceOf(this.serverless));
 */
export function serviceOf(serverless: ServerlessLike): unknown {
  const { service } = serverless;
  const aws = serverless.getProvider?.("aws");
  return {
    service: service.service,
    provider: {
      ...service.provider,
      stage: aws?.getStage?.() ?? service.provider.stage,
      region: aws?.getRegion?.() ?? service.provider.region,
    },
    functions: service.functions ?? {},
    custom: service.custom ?? {},
  };
}
