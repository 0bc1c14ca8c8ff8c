import { afterAll, describe, expect, it } from "vitest";
import { setSourceFaults, sourceStats } from "../support/source-api.ts";
import { expectInvariant } from "./support/ledger.ts";
import { chaosContext, runScenario } from "./support/scenario.ts";

const ctx = chaosContext();

afterAll(async () => {
  await setSourceFaults(ctx.config, {});
  await ctx.close();
});

/**
 * 15 % of requests answered 500, 10 % 429, 10 % cut mid-body, and every answer delayed by up to 1.5 s against a
 * 1 s request timeout (a third time out): with 3 attempts per page, about one page in six fails for good.
 */
const FAULTS = {
  errorRate: 0.15,
  rateLimitRate: 0.1,
  truncateRate: 0.1,
  retryAfterSeconds: 1,
  jitterMs: 1_500,
  seed: "chaos-source",
};

describe("chaos: the source answers 500s, 429s, timeouts and truncated bodies", () => {
  it("every user is stored exactly once, or its page is dead-lettered with the reason", async () => {
    const before = await sourceStats(ctx.config);
    const result = await runScenario(ctx, {
      fault: "source 500/429/timeout/truncated",
      injected:
        "source faults 15 % 500, 10 % 429 (Retry-After 1 s), 10 % truncated bodies, 0–1.5 s latency against a " +
        "1 s request timeout; ingest tries each page 3 times",
      users: 4000,
      pageSize: 100,
      chunkUsers: 1000,
      parallel: 2,
      extra: { concurrency: 4, requestTimeoutMs: 1_000, maxAttempts: 3 },
      before: () => setSourceFaults(ctx.config, FAULTS),
      inject: async () => ({ faultAt: Date.now(), healedAt: null }),
    });
    const after = await sourceStats(ctx.config);
    await setSourceFaults(ctx.config, {});
    expectInvariant(result.ledger);

    const pageLetters = result.letters.filter((l) => l.stage === "ingest" && l.page?.seed === result.seed);
    const failedUsers = result.load.summaries.reduce((sum, s) => sum + Number(s.failedUsers), 0);
    const retries = result.load.summaries.reduce((sum, s) => sum + Number(s.retries), 0);
    // The faults happened, some pages failed for good, and ingest accounted for each of them.
    expect(retries).toBeGreaterThan(0);
    expect(pageLetters.length).toBeGreaterThan(0);
    expect(pageLetters.reduce((sum, l) => sum + (l.page?.take ?? 0), 0)).toBe(failedUsers);
    expect(result.ledger.deadLettered).toBe(failedUsers);
    expect(pageLetters.every((l) => l.error === "SourceRequestError" && l.reason.length > 0)).toBe(true);
    const faults = (stats: Record<string, unknown>) => JSON.stringify(stats.faults ?? {});
    expect(faults(after)).not.toBe(faults(before));
  });
});
