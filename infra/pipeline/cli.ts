/**
 * The main job (`npm start`): brings the local stack up, has ingest triggered (Airflow, or the functions' schedule,
 * or the job's own invocations), shows the users flowing through every stage, and on Ctrl-C or once `--users N`
 * are stored prints a summary and stops the services it started. `npm start -- --help` lists the options.
 */
import { readFile } from "node:fs/promises";
import { loadKafkaMappings } from "../esm/config.ts";
import { printResolvedService, REPO_ROOT } from "../esm/resolved-service.ts";
import { loadStackConfig, type StackConfig } from "../stack/config.ts";
import { StackError, UsageError } from "../stack/errors.ts";
import { stderrReport } from "../stack/report.ts";
import { airflowUrlOf, LOCAL_INGEST_FUNCTION } from "../stack/services/airflow.ts";
import { cassandraClient } from "../stack/services/cassandra.ts";
import { localLambdaClient } from "../stack/services/functions.ts";
import { services } from "../stack/services/index.ts";
import { bootstrapServersOf } from "../stack/services/kafka.ts";
import { sourceUrlOf } from "../stack/services/source.ts";
import { down, type ServiceStatus, status, up } from "../stack/stack.ts";
import { airflowApi } from "./airflow-api.ts";
import { openCounters, type Snapshot, type WatchedMapping } from "./counters.ts";
import { HELP, parseRunOptions, type RunOptions, USAGE } from "./options.ts";
import { stageFigures } from "./progress.ts";
import { accountFor, summarize } from "./summary.ts";
import {
  airflowBackfill,
  airflowSchedule,
  directInvocations,
  type IngestOutcome,
  type IngestTrigger,
  serverlessSchedule,
} from "./trigger.ts";
import { tableWriter, watch } from "./watch.ts";

const TOPICS = { raw: "users.raw", processed: "users.processed", deadLetters: "users.dlq" } as const;

/** The schedule setting a running functions process was started with (from its environment), or null. */
async function runningScheduleSetting(row: ServiceStatus | undefined): Promise<string | null> {
  if (row?.state !== "running" || row.pid === null) return null;
  const environ = await readFile(`/proc/${row.pid}/environ`, "utf8").catch(() => "");
  const entry = environ.split("\0").find((line) => line.startsWith("INGEST_SCHEDULE_ENABLED="));
  return entry?.slice("INGEST_SCHEDULE_ENABLED=".length) ?? null;
}

/** The mappings of serverless.yml to show the lag of (their consumer groups on their topics). */
async function watchedMappings(config: StackConfig): Promise<WatchedMapping[]> {
  const service = await printResolvedService(REPO_ROOT, {
    ...process.env,
    KAFKA_BOOTSTRAP_SERVERS: bootstrapServersOf(config).join(","),
  });
  return loadKafkaMappings(service)
    .filter((mapping) => mapping.enabled)
    .map(({ id, topic, consumerGroupId }) => ({ id, topic, consumerGroupId }));
}

async function startTrigger(config: StackConfig, options: RunOptions, seed: string | undefined) {
  if (options.users === undefined || seed === undefined) {
    return options.airflow ? airflowSchedule(airflowApi(airflowUrlOf(config))) : serverlessSchedule();
  }
  const request = {
    users: options.users,
    pageSize: options.pageSize,
    concurrency: options.concurrency,
    chunkUsers: options.chunkUsers,
    seed,
  };
  return options.airflow
    ? airflowBackfill(airflowApi(airflowUrlOf(config)), request)
    : directInvocations(localLambdaClient(config), LOCAL_INGEST_FUNCTION, request);
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
function interruption(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.stderr.write(`\n${signal}: stopping cleanly (again to exit at once)\n`);
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
}

/** The counters before ingest starts (waiting for the stored count, which is otherwise read in the background). */
async function readBaseline(counters: ReturnType<typeof openCounters>): Promise<Snapshot> {
  for (let attempt = 1; ; attempt++) {
    const [snapshot, stored] = await Promise.all([counters.read(), counters.storedNow()]);
    const complete = [snapshot.served, snapshot.raw, snapshot.processed, snapshot.deadLettered, stored].every(
      (value) => value !== null,
    );
    if (complete || attempt === 10) return { ...snapshot, stored };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseRunOptions(argv);
  if (options === HELP) {
    process.stdout.write(USAGE);
    return 0;
  }
  // The functions' own schedule triggers ingest only when nothing else does: no Airflow and no --users target.
  process.env.STACK_FUNCTIONS_SCHEDULE_ENABLED ??= String(!options.airflow && options.users === undefined);
  const config = loadStackConfig();
  const selected = services.filter((service) => options.airflow || service.name !== "airflow");
  const before = await status(config, selected);
  const functionsRow = before.find((row) => row.name === "functions");
  const schedule = await runningScheduleSetting(functionsRow);
  if (schedule !== null && schedule !== String(config.functions.scheduleEnabled)) {
    stderrReport(
      "functions",
      `restarting: its schedule must be ${config.functions.scheduleEnabled ? "on" : "off"}`,
    );
    await down(
      config,
      selected.filter((service) => service.name === "functions"),
      { purge: false },
      stderrReport,
    );
  }
  await up(config, selected, stderrReport);
  const startedHere = selected.filter(
    (service) => before.find((row) => row.name === service.name)?.state !== "running",
  );

  const seed =
    options.users === undefined
      ? undefined
      : (options.seed ??
        `run-${new Date()
          .toISOString()
          .replace(/[^0-9]/g, "")
          .slice(0, 14)}`);
  const cassandra = cassandraClient(config, "user_stream");
  const counters = openCounters({
    bootstrapServers: bootstrapServersOf(config),
    sourceStatsUrl: `${sourceUrlOf(config)}/_stats`,
    cassandra,
    seed,
    mappings: await watchedMappings(config),
    topics: TOPICS,
  });
  const interrupted = interruption();
  let trigger: IngestTrigger | null = null;
  let outcome: IngestOutcome | null = null;
  let exitCode = 0;
  try {
    const baseline = await readBaseline(counters);
    trigger = await startTrigger(config, options, seed);
    void trigger.finished.then((result) => {
      outcome = result;
    });
    const target = options.users;
    const history = await watch({
      counters,
      baseline,
      refreshMs: options.refreshMs,
      targetUsers: target,
      absoluteStored: seed !== undefined,
      describeTrigger: () => trigger?.describe() ?? "",
      writer: tableWriter(process.stdout),
      interrupted,
      until: (latest) => {
        if (target === undefined) return false;
        const stored = latest.stored ?? 0;
        if (stored >= target) return true;
        if (outcome === null) return false;
        if (!outcome.ok) return true;
        const deadLetters = (latest.deadLettered ?? 0) - (baseline.deadLettered ?? 0);
        const drained = latest.lags.every((mapping) => mapping.lag === 0);
        return drained && accountFor(stored, deadLetters, outcome.totals).total >= target;
      },
    });
    const last = history.at(-1) ?? baseline;
    const final = { ...last, stored: (await counters.storedNow()) ?? last.stored };
    const summary = summarize({
      elapsedMs: final.at - baseline.at,
      trigger: trigger.describe(),
      targetUsers: target,
      seed,
      stages: stageFigures(baseline, [...history, final], seed !== undefined),
      outcome,
      lags: final.lags,
    });
    process.stdout.write(`\n${summary.lines.join("\n")}\n`);
    exitCode = summary.accounted && (outcome === null || (outcome as IngestOutcome).ok) ? 0 : 1;
  } finally {
    await trigger?.stop({ keepSchedule: options.keepRunning }).catch((error: unknown) => {
      stderrReport("ingest", `could not stop the trigger: ${(error as Error).message}`);
    });
    await counters.close();
    await cassandra.shutdown();
    if (options.keepRunning) {
      process.stdout.write("the stack keeps running: npm run stack -- status · npm run stack -- down\n");
    } else {
      await down(config, startedHere, { purge: false }, stderrReport);
    }
  }
  return exitCode;
}

const [major] = process.versions.node.split(".").map(Number);
if ((major ?? 0) < 24) {
  process.stderr.write(
    `Node ${process.versions.node} is too old: run through npm (npm start), which uses Node 24.\n`,
  );
  process.exit(1);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof StackError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } else {
    throw error;
  }
}
