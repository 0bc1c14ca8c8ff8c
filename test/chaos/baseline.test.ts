import { afterAll, describe, it } from "vitest";
import { setSourceFaults } from "../support/source-api.ts";
import { expectInvariant } from "./support/ledger.ts";
import { MID_STREAM, STEADY_LOAD, STEADY_SOURCE } from "./support/load.ts";
import { chaosContext, runScenario } from "./support/scenario.ts";

const ctx = chaosContext();

afterAll(async () => {
  await setSourceFaults(ctx.config, {});
  await ctx.close();
});

describe("chaos baseline: the same load with no fault", () => {
  it("every user is stored exactly once; the time from mid-stream to the last user is the reference", async () => {
    const result = await runScenario(ctx, {
      fault: "none (baseline)",
      injected: "nothing: the reference for the recovery times (measured from the same mid-stream point)",
      ...STEADY_LOAD,
      before: () => setSourceFaults(ctx.config, STEADY_SOURCE),
      async inject(progress) {
        await progress.until("users stored mid-stream", () => progress.stored >= MID_STREAM);
        return { faultAt: Date.now(), healedAt: null };
      },
    });
    expectInvariant(result.ledger);
  });
});
