import { describe, expect, it } from "vitest";
import { lagOf, totalOf } from "../../../../infra/pipeline/kafka-offsets.ts";

describe("lagOf", () => {
  it("adds what each partition has not committed, counting uncommitted partitions from 0", () => {
    expect(
      lagOf(
        new Map([
          [0, 10n],
          [1, 5n],
          [2, 0n],
        ]),
        new Map([[0, 7n]]),
      ),
    ).toBe(8n);
  });

  it("never counts a commit ahead of the end (a truncated topic) as negative", () => {
    expect(lagOf(new Map([[0, 3n]]), new Map([[0, 9n]]))).toBe(0n);
  });
});

describe("totalOf", () => {
  it("sums the offsets", () => {
    expect(
      totalOf(
        new Map([
          [0, 3n],
          [1, 4n],
        ]),
      ),
    ).toBe(7n);
    expect(totalOf(new Map())).toBe(0n);
  });
});
