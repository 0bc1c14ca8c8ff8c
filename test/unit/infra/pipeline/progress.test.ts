import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../../../infra/pipeline/counters.ts";
import { formatElapsed, renderTable, stageFigures } from "../../../../infra/pipeline/progress.ts";

const snapshot = (at: number, values: Partial<Snapshot> = {}): Snapshot => ({
  at,
  served: 1000,
  raw: 1000,
  processed: 900,
  deadLettered: 10,
  stored: 800,
  lags: [],
  ...values,
});

describe("stageFigures", () => {
  const baseline = snapshot(0);

  it("counts since the baseline and measures rates over the last five seconds", () => {
    const history = [
      snapshot(1_000, { served: 2000 }),
      snapshot(6_000, { served: 6000, raw: 5000, stored: 1800 }),
      snapshot(8_000, { served: 10_000, raw: 9000, stored: 4800 }),
    ];
    const figures = stageFigures(baseline, history, false);
    expect(figures.map((stage) => [stage.key, stage.total])).toEqual([
      ["served", 9000],
      ["raw", 8000],
      ["processed", 0],
      ["stored", 4000],
      ["deadLettered", 0],
    ]);
    // The window starts at the oldest snapshot at most 5 s old: 6,000 ms (the one at 1,000 ms is 7 s old).
    expect(figures.find((stage) => stage.key === "served")?.rate).toBe(2000);
    expect(figures.find((stage) => stage.key === "stored")?.rate).toBe(1500);
  });

  it("takes a seed's stored count as it is, without subtracting the baseline", () => {
    const figures = stageFigures(baseline, [snapshot(1_000, { stored: 300 })], true);
    expect(figures.find((stage) => stage.key === "stored")?.total).toBe(300);
  });

  it("does not count from zero what was unknown at the start", () => {
    const unknownAtStart = { ...baseline, stored: null };
    const figures = stageFigures(unknownAtStart, [snapshot(1_000, { stored: 475_000 })], false);
    expect(figures.find((stage) => stage.key === "stored")?.total).toBeNull();
  });

  it("shows unknown figures and rates as null, never negative", () => {
    const figures = stageFigures(baseline, [snapshot(1_000, { raw: null, served: 500 })], false);
    expect(figures.find((stage) => stage.key === "raw")).toMatchObject({ total: null, rate: null });
    expect(figures.find((stage) => stage.key === "served")?.total).toBe(0);
    expect(figures.every((stage) => stage.rate === null)).toBe(true);
  });
});

describe("renderTable", () => {
  it("lays out the stages, the target share and the lag of each mapping", () => {
    const lines = renderTable({
      elapsedMs: 72_000,
      trigger: "ingest: Airflow ingest_backfill run r1 running",
      targetUsers: 10_000,
      stages: [
        { key: "served", label: "fetched from source", total: 10_000, rate: 1234.4 },
        { key: "stored", label: "stored in Cassandra", total: 2500, rate: null },
        { key: "deadLettered", label: "dead-lettered", total: 3, rate: 0 },
      ],
      lags: [
        { id: "sink/users.processed", lag: 1500 },
        { id: "sink/users.stats", lag: null },
      ],
    });
    expect(lines).toEqual([
      "pipeline 1m12s · ingest: Airflow ingest_backfill run r1 running · target 10,000 users",
      "stage                      users     rate",
      "fetched from source       10,000  1,234/s  100.0%",
      "stored in Cassandra        2,500        -   25.0%",
      "dead-lettered                  3      0/s",
      "lag sink/users.processed   1,500",
      "lag sink/users.stats           -",
    ]);
  });
});

describe("formatElapsed", () => {
  it.each([
    [0, "0s"],
    [59_999, "59s"],
    [61_000, "1m01s"],
    [3_723_000, "1h02m03s"],
  ])("%d ms is %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
