/** One stored window of `country_stats`, as the summary reads it. */
export interface StatsWindow {
  country_code: string;
  window_start: string;
  users: number;
  average_age: number | null;
}

/** One country's figures over every stored window. */
export interface CountrySummary {
  country_code: string;
  windows: number;
  users: number;
  /** Weighted by each window's users; null when no window has an average. */
  average_age: number | null;
  first_window: string;
  last_window: string;
}

/**
 * Sums the one-minute windows of each country: windows, users, average age weighted by users, first and last window.
 * Countries come most users first, then by code.
 *
 * @example
 * summarizeStats([{ country_code: "DE", window_start: "2026-01-15T10:00:00.000Z", users: 2, average_age: 40 }]);
 * // [{ country_code: "DE", windows: 1, users: 2, average_age: 40, first_window: "2026-…", last_window: "2026-…" }]
 */
export function summarizeStats(windows: Iterable<StatsWindow>): CountrySummary[] {
  const byCountry = new Map<string, CountrySummary & { ageWeight: number; ageSum: number }>();
  for (const window of windows) {
    let summary = byCountry.get(window.country_code);
    if (!summary) {
      summary = {
        country_code: window.country_code,
        windows: 0,
        users: 0,
        average_age: null,
        first_window: window.window_start,
        last_window: window.window_start,
        ageWeight: 0,
        ageSum: 0,
      };
      byCountry.set(window.country_code, summary);
    }
    summary.windows += 1;
    summary.users += window.users;
    if (window.average_age !== null && window.users > 0) {
      summary.ageSum += window.average_age * window.users;
      summary.ageWeight += window.users;
    }
    if (window.window_start < summary.first_window) summary.first_window = window.window_start;
    if (window.window_start > summary.last_window) summary.last_window = window.window_start;
  }
  return [...byCountry.values()]
    .map(({ ageWeight, ageSum, ...summary }) => ({
      ...summary,
      average_age: ageWeight > 0 ? ageSum / ageWeight : null,
    }))
    .sort((a, b) => b.users - a.users || (a.country_code < b.country_code ? -1 : 1));
}
