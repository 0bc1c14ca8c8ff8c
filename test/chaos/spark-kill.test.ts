import { afterAll, describe, it } from "vitest";
import { killService, startService } from "../support/stack-control.ts";
import { faultMidStream, restoreAfterFault } from "./support/mid-stream.ts";
import { chaosContext } from "./support/scenario.ts";

const ctx = chaosContext();

afterAll(() => restoreAfterFault(ctx, "spark"));

describe("chaos: the Spark job dies mid-stream", () => {
  it("kill -9, then up (restart from its checkpoint): every user is stored exactly once or dead-lettered", async () => {
    await faultMidStream(ctx, {
      fault: "Spark kill -9",
      injected:
        "SIGKILL to spark-submit's process group (driver and executors mid-batch), then `up spark`, which " +
        "resumes from the checkpoint",
      async act() {
        const pid = await killService(ctx.config, "spark");
        await startService(ctx.config, "spark");
        return `killed pid ${pid}`;
      },
    });
  });
});
