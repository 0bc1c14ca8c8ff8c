import { describe, expect, it } from "vitest";
import { planInvocations, sumSummaries } from "../../../../infra/pipeline/trigger.ts";

describe("planInvocations", () => {
  it("cuts N users into whole-page invocations with consecutive first pages and one seed", () => {
    const plan = planInvocations({ users: 1000, pageSize: 150, concurrency: 4, chunkUsers: 400, seed: "s" });
    expect(plan).toEqual([
      { users: 300, resultsPerRequest: 150, concurrency: 4, seed: "s", firstPage: 1 },
      { users: 300, resultsPerRequest: 150, concurrency: 4, seed: "s", firstPage: 3 },
      { users: 300, resultsPerRequest: 150, concurrency: 4, seed: "s", firstPage: 5 },
      { users: 100, resultsPerRequest: 150, concurrency: 4, seed: "s", firstPage: 7 },
    ]);
  });

  it("puts at least one page in an invocation when the chunk is smaller than a page", () => {
    const plan = planInvocations({ users: 1200, pageSize: 500, concurrency: 1, chunkUsers: 100, seed: "s" });
    expect(plan.map((payload) => [payload.users, payload.firstPage])).toEqual([
      [500, 1],
      [500, 2],
      [200, 3],
    ]);
  });

  it("covers every user exactly once", () => {
    for (const [users, pageSize, chunkUsers] of [
      [1, 1, 1],
      [9999, 37, 1000],
      [50_000, 5000, 50_000],
    ] as const) {
      const plan = planInvocations({ users, pageSize, concurrency: 8, chunkUsers, seed: "s" });
      expect(plan.reduce((sum, payload) => sum + Number(payload.users), 0)).toBe(users);
    }
  });
});

describe("sumSummaries", () => {
  it("adds the summed fields and counts the invocations", () => {
    expect(
      sumSummaries([
        { seed: "s", requested: 300, fetched: 300, produced: 299, invalid: 1, requests: 2, durationMs: 10 },
        { seed: "s", requested: 100, fetched: 90, produced: 90, failedUsers: 10, requests: 3, retries: 1 },
      ]),
    ).toEqual({
      invocations: 2,
      requested: 400,
      fetched: 390,
      produced: 389,
      invalid: 1,
      retries: 1,
      requests: 5,
      failedRequests: 0,
      failedUsers: 10,
      skippedUsers: 0,
      missingUsers: 0,
    });
  });
});
