import { describe, expect, it } from "vitest";
import type { StageFigures } from "../../../../infra/pipeline/progress.ts";
import { accountFor, summarize } from "../../../../infra/pipeline/summary.ts";

const stages = (stored: number, deadLettered: number): StageFigures[] => [
  { key: "served", label: "fetched from source", total: 1000, rate: null },
  { key: "raw", label: "in users.raw", total: 990, rate: null },
  { key: "processed", label: "processed by Spark", total: 990, rate: null },
  { key: "stored", label: "stored in Cassandra", total: stored, rate: null },
  { key: "deadLettered", label: "dead-lettered", total: deadLettered, rate: null },
];

describe("accountFor", () => {
  it("counts users lost at ingest from its totals and the rest of users.dlq as downstream dead letters", () => {
    // One failed page of 10 users (one dead letter), 2 invalid users (two), one record the sink rejected (one).
    const totals = { failedRequests: 1, failedUsers: 10, invalid: 2, skippedUsers: 0, missingUsers: 1 };
    expect(accountFor(986, 4, totals)).toEqual({
      stored: 986,
      lostAtIngest: 13,
      deadLetteredDownstream: 1,
      total: 1000,
    });
  });

  it("takes every dead letter as one user when the ingest totals are unknown", () => {
    expect(accountFor(10, 2, null).total).toBe(12);
  });
});

describe("summarize", () => {
  const outcome = {
    ok: true,
    totals: {
      invocations: 2,
      requested: 1000,
      fetched: 990,
      produced: 990,
      failedUsers: 10,
      failedRequests: 1,
    },
  };

  it("says when every user of the target is accounted for", () => {
    const summary = summarize({
      elapsedMs: 20_000,
      trigger: "ingest: t",
      targetUsers: 1000,
      seed: "run-1",
      stages: stages(990, 1),
      outcome,
      lags: [{ id: "sink/users.processed", lag: 0 }],
    });
    expect(summary.accounted).toBe(true);
    expect(summary.lines.join("\n")).toMatch(
      /requested 1,000 · fetched 990 · produced 990 · invalid 0 · failed 10[\s\S]*990 users of seed run-1, 50 users\/s on average[\s\S]*all 1,000 users accounted for: 990 stored, 10 not produced by ingest, 0 dead-lettered downstream/,
    );
    expect(summary.lines.join("\n")).not.toMatch(/not stored yet/);
  });

  it("says what is missing and where it waits when the run stopped early", () => {
    const summary = summarize({
      elapsedMs: 5_000,
      trigger: "ingest: t",
      targetUsers: 1000,
      seed: "run-1",
      stages: stages(400, 1),
      outcome: { ok: false, totals: null, error: "stopped before the Airflow run finished" },
      lags: [{ id: "sink/users.processed", lag: 590 }],
    });
    expect(summary.accounted).toBe(false);
    const text = summary.lines.join("\n");
    expect(text).toMatch(/ingest {6}did not finish: stopped before the Airflow run finished/);
    expect(text).toMatch(/not stored yet: 590 in sink\/users.processed \(kept in Kafka\)/);
    expect(text).toMatch(/401 of 1,000 users accounted for so far/);
  });

  it("has nothing to account for without a target", () => {
    const summary = summarize({
      elapsedMs: 60_000,
      trigger: "ingest: schedule",
      targetUsers: undefined,
      seed: undefined,
      stages: stages(5000, 0),
      outcome: null,
      lags: [],
    });
    expect(summary.accounted).toBe(true);
    expect(summary.lines.join("\n")).not.toMatch(/accounted/);
  });
});
