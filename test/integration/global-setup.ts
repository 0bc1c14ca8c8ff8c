import { loadStackConfig } from "../../infra/stack/config.ts";
import { stderrReport } from "../../infra/stack/report.ts";
import { services } from "../../infra/stack/services/index.ts";
import { down, status, up } from "../../infra/stack/stack.ts";

/**
 * Brings the whole local stack up before the integration tests, and afterwards stops the services that it started
 * (a stack that was already running is left running).
 */
export default async function setup(): Promise<() => Promise<void>> {
  // Scheduled ingests would add users the tests did not ask for.
  process.env.STACK_FUNCTIONS_SCHEDULE_ENABLED ??= "false";
  const config = loadStackConfig();
  const before = await status(config, services);
  await up(config, services, stderrReport);
  const startedHere = services.filter(
    (service) => before.find((row) => row.name === service.name)?.state !== "running",
  );
  return async () => {
    await down(config, startedHere, { purge: false }, stderrReport);
  };
}
