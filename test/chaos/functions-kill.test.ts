import { afterAll, describe, it } from "vitest";
import { killService, startService } from "../support/stack-control.ts";
import { faultMidStream, restoreAfterFault } from "./support/mid-stream.ts";
import { chaosContext } from "./support/scenario.ts";

const ctx = chaosContext();

afterAll(() => restoreAfterFault(ctx, "functions"));

describe("chaos: the functions process (serverless-offline with the mappings) dies mid-stream", () => {
  it("kill -9, then up: every user is stored exactly once or dead-lettered", async () => {
    await faultMidStream(ctx, {
      fault: "functions kill -9",
      injected:
        "SIGKILL to serverless-offline's process group (the sink mapping and ingest invocations in flight), " +
        "then `up functions`; the load driver retries the ingest invocations that died",
      async act() {
        const pid = await killService(ctx.config, "functions");
        await startService(ctx.config, "functions");
        return `killed pid ${pid}`;
      },
    });
  });
});
