import { setSourceFaults } from "../../support/source-api.ts";
import { startService } from "../../support/stack-control.ts";
import { expectInvariant } from "./ledger.ts";
import { MID_STREAM, STEADY_LOAD, STEADY_SOURCE } from "./load.ts";
import { type ChaosContext, runScenario } from "./scenario.ts";

export interface MidStreamFault {
  /** The report's name of the fault. */
  readonly fault: string;
  /** What exactly is done, for the report. */
  readonly injected: string;
  readonly settleTimeoutMs?: number;
  /** Injects the fault and heals it (the service is back when it resolves); returns a note for the report. */
  act(): Promise<string>;
}

/**
 * Runs the steady load, strikes once a tenth of its users are stored, and checks the invariant: every user stored
 * exactly once or dead-lettered with a reason.
 *
 * @example
 * await faultMidStream(ctx, { fault: "Spark kill -9", injected: "…", act: async () => `killed ${await killService(ctx.config, "spark")}` });
 */
export async function faultMidStream(ctx: ChaosContext, spec: MidStreamFault): Promise<void> {
  const result = await runScenario(ctx, {
    fault: spec.fault,
    injected: spec.injected,
    ...STEADY_LOAD,
    ...(spec.settleTimeoutMs === undefined ? {} : { settleTimeoutMs: spec.settleTimeoutMs }),
    before: () => setSourceFaults(ctx.config, STEADY_SOURCE),
    async inject(progress) {
      await progress.until("users stored mid-stream", () => progress.stored >= MID_STREAM);
      const storedAtFault = progress.stored;
      const faultAt = Date.now();
      const note = await spec.act();
      return {
        faultAt,
        healedAt: Date.now(),
        notes: [`${note}; ${storedAtFault} of ${STEADY_LOAD.users} users were stored at the fault`],
      };
    },
  });
  expectInvariant(result.ledger);
}

/** After a fault file: the source without faults, the faulted services up again, the context closed. */
export async function restoreAfterFault(ctx: ChaosContext, ...services: string[]): Promise<void> {
  await setSourceFaults(ctx.config, {});
  for (const service of services) await startService(ctx.config, service);
  await ctx.close();
}
