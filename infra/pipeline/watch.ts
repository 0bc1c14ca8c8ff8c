import type { Counters, Snapshot } from "./counters.ts";
import { RATE_WINDOW_MS, renderTable, stageFigures } from "./progress.ts";

/**
 * Redraws the progress table: in place on a terminal, as a block every `plainEveryMs` otherwise (CI logs, pipes).
 */
export interface TableWriter {
  draw(lines: readonly string[]): void;
}

export function tableWriter(stream: NodeJS.WriteStream, plainEveryMs = 10_000): TableWriter {
  let drawn = 0;
  let lastPlain = 0;
  return {
    draw(lines) {
      if (stream.isTTY) {
        // Back to the first line of the previous table, clear to the end, draw again.
        stream.write(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ""}${lines.join("\n")}\n`);
        drawn = lines.length;
      } else if (Date.now() - lastPlain >= plainEveryMs) {
        stream.write(`${lines.join("\n")}\n\n`);
        lastPlain = Date.now();
      }
    },
  };
}

export interface WatchOptions {
  readonly counters: Counters;
  readonly baseline: Snapshot;
  readonly refreshMs: number;
  readonly targetUsers: number | undefined;
  /** Whether the stored count is the run's own (a seed's rows). */
  readonly absoluteStored: boolean;
  readonly describeTrigger: () => string;
  readonly writer: TableWriter;
  /** Resolves when the watch should end (Ctrl-C, the target reached, the trigger failed…). */
  readonly until: (latest: Snapshot, history: readonly Snapshot[]) => boolean;
  readonly interrupted: Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reads the counters every `refreshMs` and redraws the table until `until` holds or `interrupted` settles; returns
 * the snapshots of the last rate window (the last one is the latest reading).
 */
export async function watch(options: WatchOptions): Promise<Snapshot[]> {
  const started = options.baseline.at;
  let history: Snapshot[] = [options.baseline];
  let interrupted = false;
  void options.interrupted.then(() => {
    interrupted = true;
  });
  while (!interrupted) {
    const latest = await options.counters.read();
    history = [...history.filter((snapshot) => latest.at - snapshot.at <= RATE_WINDOW_MS * 2), latest];
    options.writer.draw(
      renderTable({
        elapsedMs: latest.at - started,
        trigger: options.describeTrigger(),
        targetUsers: options.targetUsers,
        stages: stageFigures(options.baseline, history, options.absoluteStored),
        lags: latest.lags,
      }),
    );
    if (options.until(latest, history)) break;
    await Promise.race([sleep(options.refreshMs), options.interrupted]);
  }
  return history;
}
