import type { Snapshot } from "./counters.ts";

/**
 * The progress table: totals since the run started and rates over the last few seconds, from counter snapshots.
 * Pure, so the figures and the layout are unit-tested; the CLI only redraws the lines.
 */

/** The counters the table shows per stage, in pipeline order. */
export const STAGES = [
  { key: "served", label: "fetched from source" },
  { key: "raw", label: "in users.raw" },
  { key: "processed", label: "processed by Spark" },
  { key: "stored", label: "stored in Cassandra" },
  { key: "deadLettered", label: "dead-lettered" },
] as const;

export type StageKey = (typeof STAGES)[number]["key"];

/** The window rates are measured over. */
export const RATE_WINDOW_MS = 5_000;

export interface StageFigures {
  readonly key: StageKey;
  readonly label: string;
  /** Since the run started (stored: the seed's rows in a `--users` run), or null when unreadable. */
  readonly total: number | null;
  /** Per second over the last {@link RATE_WINDOW_MS}, or null. */
  readonly rate: number | null;
}

/**
 * Each stage's total since `baseline` and its rate over the window ending at the last snapshot.
 *
 * @param history snapshots oldest first; the last one is the current reading.
 * @param absoluteStored the stored count is already the run's own (a seed's rows): do not subtract the baseline.
 * @example
 * stageFigures(baseline, [older, latest], false)[3]; // { key: "stored", total: 1200, rate: 350, … }
 */
export function stageFigures(
  baseline: Snapshot,
  history: readonly Snapshot[],
  absoluteStored: boolean,
): StageFigures[] {
  const current = history.at(-1) ?? baseline;
  const windowStart =
    history.find((snapshot) => current.at - snapshot.at <= RATE_WINDOW_MS && snapshot !== current) ?? null;
  return STAGES.map(({ key, label }) => {
    const now = current[key];
    // Unknown at the start (the service was not answering yet): the total since then is unknown too.
    const base = key === "stored" && absoluteStored ? 0 : baseline[key];
    const then = windowStart?.[key] ?? null;
    const seconds = windowStart ? (current.at - windowStart.at) / 1000 : 0;
    return {
      key,
      label,
      total: now === null || base === null ? null : Math.max(0, now - base),
      rate: now === null || then === null || seconds <= 0 ? null : Math.max(0, (now - then) / seconds),
    };
  });
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/** `1,234`, or `-` for an unknown figure. */
export function formatCount(value: number | null): string {
  return value === null ? "-" : integer.format(value);
}

/** `1m05s`-style elapsed time. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m${rest}s`;
  return minutes > 0 ? `${minutes}m${rest}s` : `${seconds % 60}s`;
}

function columns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? "").length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

export interface TableInput {
  readonly elapsedMs: number;
  /** What triggers ingest, and how it is doing (e.g. `airflow ingest_backfill run manual__…: running`). */
  readonly trigger: string;
  readonly targetUsers: number | undefined;
  readonly stages: readonly StageFigures[];
  readonly lags: Snapshot["lags"];
}

/**
 * The table's lines: a header, one line per stage (total, rate, share of the target), one per mapping (lag).
 *
 * @example
 * renderTable({ elapsedMs: 72_000, trigger: "schedule", targetUsers: undefined, stages, lags }).join("\n");
 */
export function renderTable(input: TableInput): string[] {
  const header = `pipeline ${formatElapsed(input.elapsedMs)} · ${input.trigger}${
    input.targetUsers === undefined ? "" : ` · target ${formatCount(input.targetUsers)} users`
  }`;
  const stageRows = input.stages.map((stage) => [
    stage.label,
    formatCount(stage.total),
    stage.rate === null ? "-" : `${formatCount(stage.rate)}/s`,
    input.targetUsers === undefined || stage.total === null || stage.key === "deadLettered"
      ? ""
      : `${((100 * stage.total) / input.targetUsers).toFixed(1)}%`,
  ]);
  const lagRows = input.lags.map((mapping) => [`lag ${mapping.id}`, formatCount(mapping.lag), "", ""]);
  return [
    header,
    ...columns([["stage", "users", "rate", ""], ...stageRows, ...lagRows], [false, true, true, true]),
  ];
}
