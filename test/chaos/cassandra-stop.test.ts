import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, it } from "vitest";
import { startService, stopService } from "../support/stack-control.ts";
import { faultMidStream, restoreAfterFault } from "./support/mid-stream.ts";
import { chaosContext } from "./support/scenario.ts";

/** How long Cassandra stays stopped (its start, about 20 s here, comes on top). */
const STOPPED_MS = 25_000;

const ctx = chaosContext();

afterAll(() => restoreAfterFault(ctx, "cassandra"));

describe("chaos: Cassandra is stopped mid-stream", () => {
  it("down cassandra for 25 s, then up: every user is stored exactly once or dead-lettered", async () => {
    await faultMidStream(ctx, {
      fault: "Cassandra stopped 25 s",
      injected:
        "`down cassandra` (SIGTERM, so the periodic commitlog is flushed), 25 s stopped, then `up cassandra`; " +
        "the sink reports the rows it cannot write as batch item failures and the mapping retries them",
      async act() {
        const stoppingAt = Date.now();
        await stopService(ctx.config, "cassandra");
        await sleep(STOPPED_MS);
        await startService(ctx.config, "cassandra");
        ctx.reconnect();
        return `stopped for ${((Date.now() - stoppingAt) / 1000).toFixed(1)} s including its stop and restart`;
      },
    });
  });
});
