import { describe, expect, it } from "vitest";
import { Semaphore } from "../../../../infra/esm/semaphore.ts";

describe("Semaphore", () => {
  it("lets at most `size` holders in, in arrival order", async () => {
    const slots = new Semaphore(2);
    const a = await slots.acquire();
    await slots.acquire();
    const order: string[] = [];
    const c = slots.acquire().then((release) => {
      order.push("c");
      return release;
    });
    const d = slots.acquire().then(() => order.push("d"));
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // releasing twice gives back one slot only
    (await c)();
    await d;
    expect(order).toEqual(["c", "d"]);
    expect(slots.free).toBe(0);
  });

  it("refuses a size below 1", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
