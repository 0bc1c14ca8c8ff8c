import { describe, expect, it } from "vitest";
import { ageAt, civil, isoString } from "../../../../infra/source/dates.ts";
import { Rng } from "../../../../infra/source/prng.ts";

/** Age as a person counts it, with Date's own getters. */
function ageWithDate(from: Date, to: Date): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const a = [to.getUTCMonth(), to.getUTCDate(), to.getTime() % 86_400_000];
  const b = [
    from.getUTCMonth(),
    from.getUTCDate(),
    ((from.getTime() % 86_400_000) + 86_400_000) % 86_400_000,
  ];
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) {
      if ((a[i] ?? 0) < (b[i] ?? 0)) years--;
      break;
    }
  }
  return years;
}

describe("calendar arithmetic", () => {
  it("agrees with Date on the calendar date and ISO string of any instant from 1900 to 2100", () => {
    const rng = Rng.fromString("dates");
    const instants = [0, -1, 951_782_400_000, 4_107_542_399_999, -2_208_988_800_000, 1_653_344_189_000];
    for (let i = 0; i < 20_000; i++) instants.push(rng.range(-2_208_988_800_000, 4_102_444_800_000));
    for (const ms of instants) {
      const date = new Date(ms);
      const c = civil(ms);
      expect([c.year, c.month, c.day]).toEqual([
        date.getUTCFullYear(),
        date.getUTCMonth() + 1,
        date.getUTCDate(),
      ]);
      expect(isoString(c)).toBe(date.toISOString());
    }
    expect(isoString(civil(Date.UTC(50, 0, 1)))).toBe(new Date(Date.UTC(50, 0, 1)).toISOString());
  });

  it("counts ages in whole years, a birthday completing one", () => {
    const rng = Rng.fromString("ages");
    const reference = Date.UTC(2022, 4, 23, 22, 16, 29);
    for (let i = 0; i < 20_000; i++) {
      const ms = rng.range(-1_000_000_000_000, reference);
      expect(ageAt(civil(ms), civil(reference))).toBe(ageWithDate(new Date(ms), new Date(reference)));
    }
    expect(ageAt(civil(Date.UTC(2000, 5, 15)), civil(Date.UTC(2022, 5, 15)))).toBe(22);
    expect(ageAt(civil(Date.UTC(2000, 5, 15, 12)), civil(Date.UTC(2022, 5, 15, 11)))).toBe(21);
    expect(ageAt(civil(Date.UTC(2000, 1, 29)), civil(Date.UTC(2001, 1, 28)))).toBe(0);
  });
});
