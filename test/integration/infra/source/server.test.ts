import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { apiResponseSchema } from "../../../../infra/source/schema.ts";
import type { StatsSnapshot } from "../../../../infra/source/stats.ts";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { sourceUrlOf } from "../../../../infra/stack/services/source.ts";

const base = sourceUrlOf(loadStackConfig());
const seed = `it-${randomUUID()}`;

type Outcome = "ok" | "error" | "rateLimit" | "truncate";

/** One GET over node:http, so that a body cut short is seen as such rather than as an exception. */
function get(
  path: string,
): Promise<{ status: number; retryAfter: string | undefined; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    request(`${base}${path}`, (res) => {
      const chunks: Buffer[] = [];
      const done = (complete: boolean) =>
        resolve({
          status: res.statusCode ?? 0,
          retryAfter: res.headers["retry-after"],
          body: Buffer.concat(chunks).toString("utf8"),
          complete,
        });
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => done(res.complete));
      res.on("error", () => done(false));
    })
      .on("error", reject)
      .end();
  });
}

async function errorOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: string }).error;
}

async function putFaults(config: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/_faults`, { method: "PUT", body: JSON.stringify(config) });
}

async function stats(): Promise<StatsSnapshot> {
  return (await fetch(`${base}/_stats`)).json() as Promise<StatsSnapshot>;
}

afterAll(async () => {
  await putFaults({});
});

describe("source service (stack-started)", () => {
  it("serves pages that tile the seed's sequence, byte-identically on every request", async () => {
    const [whole, first, second, again] = await Promise.all([
      get(`/api/?results=50&seed=${seed}`),
      get(`/api/1.4/?results=25&seed=${seed}&page=1`),
      get(`/api/?results=25&seed=${seed}&page=2`),
      get(`/api/?results=50&seed=${seed}`),
    ]);
    for (const response of [whole, first, second, again]) expect(response.status).toBe(200);
    expect(again.body).toBe(whole.body);
    const page = apiResponseSchema.parse(JSON.parse(whole.body));
    expect(page.info).toEqual({ seed, results: 50, page: 1, version: "1.4" });
    const halves = [first, second].flatMap((response) => JSON.parse(response.body).results);
    expect(halves).toEqual(page.results);
    expect(new Set(page.results.map((user) => user.login.uuid)).size).toBe(50);
  });

  it("injects 500s, 429s with Retry-After and truncated bodies at about the configured rates, and counts them", async () => {
    const configured = await putFaults({
      errorRate: 0.2,
      rateLimitRate: 0.15,
      truncateRate: 0.15,
      retryAfterSeconds: 3,
      seed,
    });
    expect(configured.status).toBe(200);
    const before = await stats();
    const n = 400;
    const results = 5;
    const outcomes: Outcome[] = [];
    try {
      for (let i = 0; i < n; i += 8) {
        const batch = await Promise.all(
          Array.from({ length: 8 }, (_, j) => get(`/api/?results=${results}&seed=${seed}&page=${i + j + 1}`)),
        );
        for (const response of batch) {
          if (response.status === 500) {
            expect(JSON.parse(response.body)).toEqual({ error: expect.any(String) });
            outcomes.push("error");
          } else if (response.status === 429) {
            expect(response.retryAfter).toBe("3");
            outcomes.push("rateLimit");
          } else {
            expect(response.status).toBe(200);
            if (response.complete) {
              expect(JSON.parse(response.body).results).toHaveLength(results);
              outcomes.push("ok");
            } else {
              expect(() => JSON.parse(response.body)).toThrow();
              outcomes.push("truncate");
            }
          }
        }
      }
    } finally {
      await putFaults({});
    }
    const after = await stats();
    const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
    expect(count("error") / n).toBeGreaterThan(0.12);
    expect(count("error") / n).toBeLessThan(0.28);
    expect(count("rateLimit") / n).toBeGreaterThan(0.08);
    expect(count("rateLimit") / n).toBeLessThan(0.22);
    expect(count("truncate") / n).toBeGreaterThan(0.08);
    expect(count("truncate") / n).toBeLessThan(0.22);

    // Every request and user is accounted for; another client of the shared service (the scheduled ingest) may
    // add its own requests in the meantime, each adding at most one fault and at most 5000 users.
    const others = after.requests - before.requests - n;
    expect(others).toBeGreaterThanOrEqual(0);
    const delta = (kind: "error" | "rateLimit" | "truncate") => after.faults[kind] - before.faults[kind];
    for (const kind of ["error", "rateLimit", "truncate"] as const) {
      expect(delta(kind)).toBeGreaterThanOrEqual(count(kind));
      expect(delta(kind)).toBeLessThanOrEqual(count(kind) + others);
    }
    expect(after.users - before.users).toBeGreaterThanOrEqual(count("ok") * results);
    expect(after.users - before.users).toBeLessThanOrEqual(count("ok") * results + others * 5000);
  });

  it("rejects an unknown fault key naming it, and is back to no faults", async () => {
    const rejected = await putFaults({ errorRate: 0.5, errorRat: 1 });
    expect(rejected.status).toBe(400);
    expect(await errorOf(rejected)).toMatch(/"errorRat"/);
    const faults = await (await fetch(`${base}/_faults`)).json();
    expect(faults).toMatchObject({ errorRate: 0, rateLimitRate: 0, truncateRate: 0, latencyMs: 0 });
    expect((await get(`/api/?results=3&seed=${seed}`)).status).toBe(200);
  });
});
