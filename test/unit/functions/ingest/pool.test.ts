import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { runPool } from "../../../../functions/ingest/pool.ts";

describe("runPool", () => {
  it("never has more than the limit in flight, and runs every item", async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    const items = Array.from({ length: 50 }, (_, i) => i);
    const started = await runPool(items, 4, async (item) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await sleep(item % 3);
      done.push(item);
      inFlight -= 1;
    });
    expect(started).toBe(50);
    expect(peak).toBe(4);
    expect(done.sort((a, b) => a - b)).toEqual(items);
  });

  it("stops starting items once mayStart says no", async () => {
    const seen: number[] = [];
    const started = await runPool(
      [1, 2, 3, 4, 5],
      2,
      async (item) => {
        seen.push(item);
      },
      () => seen.length < 3,
    );
    expect(started).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("stops starting after the first error, lets in-flight work finish, then throws it", async () => {
    const finished: number[] = [];
    const run = runPool([1, 2, 3, 4, 5, 6], 2, async (item) => {
      if (item === 2) throw new Error("boom");
      await sleep(5);
      finished.push(item);
    });
    await expect(run).rejects.toThrow("boom");
    expect(finished).toEqual([1]);
  });
});
