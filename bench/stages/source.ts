import { Agent } from "node:http";
import { resolve } from "node:path";
import { drive, get, type HttpRun, startChild } from "../support/http-load.ts";
import { round } from "../support/stats.ts";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** The source at one page size, against a trivial server sending bodies of the same size. */
export interface SourceScenario {
  readonly results: number;
  readonly bodyBytes: number;
  readonly source: HttpRun;
  readonly ceiling: HttpRun;
  readonly ratioToCeiling: { requestsPerSecond: number; usersPerSecond: number };
}

export interface SourceStageOptions {
  readonly pageSizes: readonly number[];
  readonly concurrency: number;
  readonly durationMs: number;
  readonly warmupMs: number;
}

/**
 * The Random User source (`infra/source`, in its own process) at several page sizes, driven on loopback by
 * keep-alive clients, against the HTTP ceiling: a trivial node:http server sending a fixed body of the same size,
 * driven the same way. Each server runs as a child process, so clients and server each get a core.
 *
 * @example
 * const scenarios = await sourceStage({ pageSizes: [1, 5000], concurrency: 8, durationMs: 4000, warmupMs: 500 });
 */
export async function sourceStage(options: SourceStageOptions): Promise<SourceScenario[]> {
  const source = await startChild([resolve(ROOT, "infra/source/main.ts"), "--port", "0"]);
  const ceiling = await startChild([resolve(ROOT, "bench/ceilings/fixed-http-server.ts")]).catch(
    (error: unknown) => {
      source.child.kill("SIGTERM");
      throw error;
    },
  );
  const { concurrency, durationMs, warmupMs } = options;
  const scenarios: SourceScenario[] = [];
  try {
    for (const results of options.pageSizes) {
      const sample = await get(new Agent(), source.port, `/api/?results=${results}&seed=bench-size`);
      const sourcePath = (n: number) => `/api/?results=${results}&seed=bench&page=${n + 1}`;
      const ceilingPath = () => `/?bytes=${sample.bytes}`;
      await drive(source.port, sourcePath, results, concurrency, warmupMs);
      const measured = await drive(source.port, sourcePath, results, concurrency, durationMs);
      await drive(ceiling.port, ceilingPath, results, concurrency, warmupMs);
      const raw = await drive(ceiling.port, ceilingPath, results, concurrency, durationMs);
      scenarios.push({
        results,
        bodyBytes: sample.bytes,
        source: measured,
        ceiling: raw,
        ratioToCeiling: {
          requestsPerSecond: round(measured.requestsPerSecond / raw.requestsPerSecond, 3),
          usersPerSecond: round(measured.usersPerSecond / raw.usersPerSecond, 3),
        },
      });
    }
  } finally {
    source.child.kill("SIGTERM");
    ceiling.child.kill("SIGTERM");
  }
  return scenarios;
}
