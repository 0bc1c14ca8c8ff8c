/**
 * Entry point of the Random User API server: `node infra/source/main.ts --port 3100` (Node ≥ 24, which runs
 * TypeScript natively). Options come from flags and `RANDOMUSER_*` variables (`--help` lists them); the server logs
 * one JSON line when it listens, one per error, and one when it stops on SIGTERM or SIGINT.
 */
import { loadSourceOptions, USAGE } from "./config.ts";
import { SourceConfigError } from "./errors.ts";
import { jsonLog } from "./log.ts";
import { createSourceServer } from "./server.ts";

async function main(): Promise<void> {
  let options: ReturnType<typeof loadSourceOptions>;
  try {
    options = loadSourceOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof SourceConfigError)) throw error;
    jsonLog("error", "invalid configuration", { error: { name: error.name, message: error.message } });
    process.exitCode = 2;
    return;
  }
  if (options === null) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const source = createSourceServer({ faults: options.faults, referenceDate: options.referenceDate });
  const { host, port, url } = await source.listen(options.port, options.host);
  jsonLog("info", "listening", { host, port, url, faults: options.faults, pid: process.pid });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    jsonLog("info", "stopping", { signal });
    source.close().then(
      () => {
        jsonLog("info", "stopped", { stats: source.stats.snapshot() });
        process.exit(0);
      },
      (error: unknown) => {
        jsonLog("error", "could not stop cleanly", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

process.on("uncaughtException", (error) => {
  jsonLog("error", "uncaught exception", { error });
  process.exit(1);
});

await main();
