import { describe, expect, it } from "vitest";
import { summarizeStats } from "../../../../infra/query/stats-summary.ts";

const window = (country_code: string, minute: number, users: number, average_age: number | null) => ({
  country_code,
  window_start: `2026-01-15T10:${String(minute).padStart(2, "0")}:00.000Z`,
  users,
  average_age,
});

describe("summarizeStats", () => {
  it("sums windows per country with the average age weighted by users", () => {
    expect(
      summarizeStats([window("DE", 2, 1, 60), window("DE", 0, 3, 20), window("DE", 1, 0, null)]),
    ).toEqual([
      {
        country_code: "DE",
        windows: 3,
        users: 4,
        average_age: 30,
        first_window: "2026-01-15T10:00:00.000Z",
        last_window: "2026-01-15T10:02:00.000Z",
      },
    ]);
  });

  it("orders countries by users, then code, and has no average without one", () => {
    const summary = summarizeStats([
      window("NL", 0, 3, 40),
      window("BR", 0, 3, 50),
      window("US", 0, 9, null),
    ]);
    expect(summary.map((country) => country.country_code)).toEqual(["US", "BR", "NL"]);
    expect(summary[0]?.average_age).toBeNull();
    expect(summarizeStats([])).toEqual([]);
  });
});
