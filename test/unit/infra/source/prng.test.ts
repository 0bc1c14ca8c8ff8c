import { describe, expect, it } from "vitest";
import { fmix32, hashKey, Rng } from "../../../../infra/source/prng.ts";

describe("fmix32", () => {
  it("is a bijection on a sample of 32-bit words", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fmix32(i * 2_654_435_761));
    expect(seen.size).toBe(100_000);
  });
});

describe("hashKey", () => {
  it("is stable and separates close seeds", () => {
    expect(hashKey("abc")).toEqual(hashKey("abc"));
    expect(hashKey("abc")).not.toEqual(hashKey("abd"));
    expect(hashKey("")).not.toEqual(hashKey("\0"));
    expect(hashKey("ab")).not.toEqual(hashKey("ba"));
    for (const lane of hashKey("seed")) expect(lane).toBeGreaterThanOrEqual(0);
  });
});

describe("Rng", () => {
  it("gives the same sequence for the same seed, and another for another seed", () => {
    const draw = (seed: string) => {
      const rng = Rng.fromString(seed);
      return Array.from({ length: 20 }, () => rng.next());
    };
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
  });

  it("re-keys to a state that depends only on the key and the index", () => {
    const key = hashKey("users");
    const a = new Rng(key);
    const b = new Rng(key);
    for (let i = 0; i < 57; i++) b.next();
    a.reseed(key, 12_345);
    b.reseed(key, 12_345);
    expect(a.next()).toBe(b.next());
    expect(a.reseed(key, 12_345)).toBe(b.reseed(key, 12_345));
    expect(a.reseed(key, 1)).not.toBe(a.reseed(key, 2));
  });

  it("draws integers in range, uniformly enough", () => {
    const rng = Rng.fromString("uniform");
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.int(10)]++;
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1_000; i++) {
      const value = rng.range(-5, 5);
      expect(value).toBeGreaterThanOrEqual(-5);
      expect(value).toBeLessThanOrEqual(5);
      const big = rng.range(0, 2 ** 40);
      expect(Number.isInteger(big) && big >= 0 && big <= 2 ** 40).toBe(true);
      const float = rng.float();
      expect(float >= 0 && float < 1).toBe(true);
    }
  });

  it("writes digit strings of the asked length, leading zeros kept", () => {
    const rng = Rng.fromString("digits");
    for (let i = 0; i < 1_000; i++) {
      expect(rng.digits(4)).toMatch(/^\d{4}$/);
      expect(rng.digits(12)).toMatch(/^\d{12}$/);
    }
  });
});
