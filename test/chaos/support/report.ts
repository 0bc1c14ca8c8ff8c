import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { StackConfig } from "../../../infra/stack/config.ts";

/** One fault's figures, as the chaos report lists them. */
export interface FaultFigures {
  /** Short name, e.g. `functions kill -9`. */
  fault: string;
  /** What was done, in a sentence. */
  injected: string;
  seed: string;
  /** Users the source served for the seed (plus records written straight into topics, if any). */
  usersIn: number;
  rowsStored: number;
  deadLettered: number;
  lost: number;
  duplicated: number;
  /** From the fault until the service was back (restart included); null when the fault is not an outage. */
  outageMs: number | null;
  /** From the fault until the last user was stored and the mappings' lag was back to zero; null: not recovered. */
  recoveryMs: number | null;
  /** Ingest invocations that failed and were retried by the load driver. */
  retriedInvocations: number;
  notes: string[];
}

const dirOf = (config: StackConfig) => join(config.stateDir, "chaos");
const rowsDirOf = (config: StackConfig) => join(dirOf(config), "rows");

/** Forgets the figures of an earlier run. */
export async function resetFigures(config: StackConfig): Promise<void> {
  await rm(rowsDirOf(config), { recursive: true, force: true });
  await mkdir(rowsDirOf(config), { recursive: true });
}

/** Keeps one fault's figures for the report (one file per fault, so test files may run in any order). */
export async function recordFigures(config: StackConfig, figures: FaultFigures): Promise<void> {
  await mkdir(rowsDirOf(config), { recursive: true });
  const file = `${Date.now()}-${figures.fault.replace(/[^\w-]+/g, "_")}.json`;
  await writeFile(join(rowsDirOf(config), file), `${JSON.stringify(figures, null, 2)}\n`);
}

const seconds = (ms: number | null, none = "–") => (ms === null ? none : `${(ms / 1000).toFixed(1)} s`);
const count = (n: number) => n.toLocaleString("en-US");

/** The report as a Markdown table (biome-formatted column widths are not attempted). */
export function markdownReport(rows: readonly FaultFigures[], at: string): string {
  const lines = [
    `# Chaos report (${at})`,
    "",
    "| fault | users in | rows stored | dead-lettered | lost | duplicated | outage | recovery | retried invocations |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${count(r.usersIn)} | ${count(r.rowsStored)} | ${count(r.deadLettered)} | ${r.lost} | ` +
        `${r.duplicated} | ${seconds(r.outageMs)} | ${seconds(r.recoveryMs, "not recovered")} | ${r.retriedInvocations} |`,
    ),
    "",
    ...rows.flatMap((r) => [
      `- **${r.fault}** (seed \`${r.seed}\`): ${r.injected}`,
      ...r.notes.map((note) => `  - ${note}`),
    ]),
    "",
  ];
  return lines.join("\n");
}

/**
 * Gathers every recorded fault into `<stateDir>/chaos/report.json` and `report.md`.
 *
 * @returns the Markdown, or null when no fault was recorded.
 */
export async function writeReport(config: StackConfig): Promise<string | null> {
  let files: string[];
  try {
    files = (await readdir(rowsDirOf(config))).filter((f) => f.endsWith(".json")).sort();
  } catch {
    return null;
  }
  if (files.length === 0) return null;
  const rows = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(rowsDirOf(config), f), "utf8")) as FaultFigures),
  );
  const at = new Date().toISOString();
  const markdown = markdownReport(rows, at);
  await writeFile(join(dirOf(config), "report.json"), `${JSON.stringify({ at, faults: rows }, null, 2)}\n`);
  await writeFile(join(dirOf(config), "report.md"), markdown);
  return markdown;
}
