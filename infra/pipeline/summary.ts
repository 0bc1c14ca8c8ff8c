import type { Snapshot } from "./counters.ts";
import { formatCount, formatElapsed, type StageFigures } from "./progress.ts";
import type { IngestOutcome, IngestTotals } from "./trigger.ts";

/** Users of a run that are known: stored, given up at ingest (each with a dead letter, or skipped), or dead-lettered later. */
export interface Accounting {
  readonly stored: number;
  /** Users ingest did not produce: pages failed for good, invalid, skipped for lack of time, missing from the source. */
  readonly lostAtIngest: number;
  /** Dead letters written after ingest (Spark, sink). */
  readonly deadLetteredDownstream: number;
  readonly total: number;
}

/**
 * Accounts for a run's users from the stored count, the dead letters written since it started and ingest's totals
 * (ingest writes one dead letter per failed page and per invalid user; the rest of users.dlq is downstream's).
 *
 * @example
 * accountFor(990, 3, { failedRequests: 1, failedUsers: 10, invalid: 0 }); // { stored: 990, lostAtIngest: 10, deadLetteredDownstream: 2, total: 1002 }
 */
export function accountFor(
  stored: number,
  deadLetters: number,
  totals: IngestTotals | null | undefined,
): Accounting {
  const field = (name: string) => totals?.[name] ?? 0;
  const lostAtIngest =
    field("failedUsers") + field("skippedUsers") + field("missingUsers") + field("invalid");
  const deadLetteredDownstream = Math.max(0, deadLetters - field("failedRequests") - field("invalid"));
  return {
    stored,
    lostAtIngest,
    deadLetteredDownstream,
    total: stored + lostAtIngest + deadLetteredDownstream,
  };
}

export interface SummaryInput {
  readonly elapsedMs: number;
  readonly trigger: string;
  readonly targetUsers: number | undefined;
  readonly seed: string | undefined;
  readonly stages: readonly StageFigures[];
  readonly outcome: IngestOutcome | null;
  readonly lags: Snapshot["lags"];
}

export interface Summary {
  readonly lines: string[];
  /** Every one of the target's users is stored or dead-lettered (true when the run had no target). */
  readonly accounted: boolean;
}

const total = (stages: readonly StageFigures[], key: StageFigures["key"]) =>
  stages.find((stage) => stage.key === key)?.total ?? null;

/**
 * The run's closing summary: the ingest totals, what each stage saw, the average storing rate, and whether every
 * user of a `--users` run is accounted for.
 *
 * @example
 * summarize({ elapsedMs, trigger, targetUsers: 1000, seed: "run-1", stages, outcome, lags }).lines.join("\n");
 */
export function summarize(input: SummaryInput): Summary {
  const stored = total(input.stages, "stored");
  const deadLettered = total(input.stages, "deadLettered");
  const lines = [`summary after ${formatElapsed(input.elapsedMs)} · ${input.trigger}`];
  const totals = input.outcome?.totals;
  if (totals) {
    const field = (name: string) => formatCount(totals[name] ?? 0);
    lines.push(
      `  ingest      requested ${field("requested")} · fetched ${field("fetched")} · produced ${field("produced")}` +
        ` · invalid ${field("invalid")} · failed ${field("failedUsers")} · skipped ${field("skippedUsers")}` +
        ` · missing ${field("missingUsers")} (${field("invocations")} invocations, ${field("requests")} requests,` +
        ` ${field("retries")} retries)`,
    );
  }
  if (input.outcome && !input.outcome.ok) lines.push(`  ingest      did not finish: ${input.outcome.error}`);
  lines.push(
    `  stages      ${input.stages.map((stage) => `${stage.label} ${formatCount(stage.total)}`).join(" · ")}`,
  );
  const lagging = input.lags.filter((mapping) => mapping.lag !== 0);
  if (lagging.length > 0) {
    lines.push(
      `  not stored yet: ${lagging.map((m) => `${formatCount(m.lag)} in ${m.id}`).join(", ")} (kept in Kafka)`,
    );
  }
  const seconds = input.elapsedMs / 1000;
  if (stored !== null && seconds > 0) {
    lines.push(
      `  stored      ${formatCount(stored)} users${input.seed ? ` of seed ${input.seed}` : ""}, ` +
        `${formatCount(stored / seconds)} users/s on average`,
    );
  }
  let accounted = true;
  if (input.targetUsers !== undefined) {
    const users = accountFor(stored ?? 0, deadLettered ?? 0, totals);
    accounted = users.total >= input.targetUsers;
    const parts =
      `${formatCount(users.stored)} stored, ${formatCount(users.lostAtIngest)} not produced by ingest, ` +
      `${formatCount(users.deadLetteredDownstream)} dead-lettered downstream (users.dlq holds each with its reason)`;
    lines.push(
      accounted
        ? `  all ${formatCount(input.targetUsers)} users accounted for: ${parts}`
        : `  ${formatCount(users.total)} of ${formatCount(input.targetUsers)} users accounted for so far: ${parts}; ` +
            "the rest wait in Kafka and are stored the next time the stack runs",
    );
  }
  lines.push("  look at the data: npm run query -- users --limit 10   ·   npm run query -- stats");
  return { lines, accounted };
}
