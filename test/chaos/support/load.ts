import type { SourceFaults } from "../../support/source-api.ts";
import type { ScenarioOptions } from "./scenario.ts";

/**
 * The load every service fault runs under: 4,000 users of a fresh seed in 4 ingest invocations of 10 pages, two at
 * a time, two requests in flight each, with the source answering after 0.8–1 s — a steady stream of about 10 s, so
 * that a fault lands mid-stream.
 */
export const STEADY_LOAD = {
  users: 4000,
  pageSize: 100,
  chunkUsers: 1000,
  parallel: 2,
  extra: { concurrency: 2 },
} satisfies Partial<ScenarioOptions>;

/** The source's pacing for {@link STEADY_LOAD} (latency, not failures). */
export const STEADY_SOURCE: SourceFaults = { latencyMs: 800, jitterMs: 200, seed: "chaos-steady" };

/** Users stored before a mid-stream fault is injected (a tenth of the load). */
export const MID_STREAM = STEADY_LOAD.users / 10;
