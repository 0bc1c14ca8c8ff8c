import { loadKafkaMappings } from "./config.ts";
import { type EsmEngine, startEngine } from "./engine.ts";
import { loadEngineEnv, resolveLambdaEndpoint } from "./engine-env.ts";
import { lambdaClientFor, lambdaInvoker } from "./invoker.ts";
import { jsonLogger } from "./log.ts";
import { printResolvedService } from "./resolved-service.ts";

/**
 * Standalone engine (`npm run esm`): reads the resolved service (`npx sls print --format json` from the repo
 * root, or ESM_SERVICE_DIR), loads its Kafka mappings and runs every enabled one against `LAMBDA_ENDPOINT` (default: serverless-offline's
 * lambda port from serverless.yml; `aws`: the SDK's own endpoint) until SIGINT/SIGTERM. SIGUSR2 prints the status.
 * Settings: see engine-env.ts.
 */

async function main(): Promise<void> {
  const env = loadEngineEnv(process.env);
  const log = jsonLogger({ minLevel: env.logLevel });
  const service = await printResolvedService(env.serviceDir);
  const lambdaEndpoint = resolveLambdaEndpoint(env.lambdaEndpoint, service);
  const mappings = loadKafkaMappings(service);
  if (mappings.length === 0) {
    log("warn", "serverless.yml has no kafka events; nothing to run");
    return;
  }
  const client = lambdaClientFor({ endpoint: lambdaEndpoint });
  const engine: EsmEngine = await startEngine({
    mappings,
    invoke: lambdaInvoker(client),
    log,
    statusIntervalMs: env.statusIntervalMs,
    shutdownTimeoutMs: env.shutdownTimeoutMs,
  });
  log("info", "engine running", {
    mappings: engine.runners.length,
    lambdaEndpoint: lambdaEndpoint ?? "aws",
  });
  const onStatus = () => void engine.logStatus();
  process.on("SIGUSR2", onStatus);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  log("info", "stopping", { signal });
  await engine.stop();
  process.off("SIGUSR2", onStatus);
  client.destroy();
}

main().catch((error: unknown) => {
  jsonLogger()("error", "the engine failed", { error });
  process.exitCode = 1;
});
