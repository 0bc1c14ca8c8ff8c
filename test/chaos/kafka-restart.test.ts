import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, it } from "vitest";
import { startService, stopService } from "../support/stack-control.ts";
import { faultMidStream, restoreAfterFault } from "./support/mid-stream.ts";
import { chaosContext } from "./support/scenario.ts";

/**
 * How long the broker stays stopped (its start, about 5 s here, comes on top): a rolling restart's pause, and longer
 * than the Kafka clients' own retries (about 12 s), so the mappings' streams fail and must be reopened.
 */
const STOPPED_MS = 15_000;

const ctx = chaosContext();

afterAll(() => restoreAfterFault(ctx, "kafka", "spark"));

describe("chaos: the Kafka broker restarts mid-stream", () => {
  it("down kafka for 15 s, then up: every user is stored exactly once or dead-lettered", async () => {
    await faultMidStream(ctx, {
      fault: "Kafka broker restart",
      injected:
        "`down kafka` (SIGTERM: controlled shutdown), 15 s stopped, then `up kafka`, while ingest produces, " +
        "Spark reads and writes, and the sink mapping consumes",
      // Enough for every user once the pipeline is back.
      settleTimeoutMs: 90_000,
      async act() {
        const stoppingAt = Date.now();
        await stopService(ctx.config, "kafka");
        await sleep(STOPPED_MS);
        await startService(ctx.config, "kafka");
        return `stopped for ${((Date.now() - stoppingAt) / 1000).toFixed(1)} s including its stop and restart`;
      },
    });
  });
});
