import { describe, expect, it } from "vitest";
import { loadIngestEnv } from "../../../../functions/ingest/config.ts";
import { planPages } from "../../../../functions/ingest/ingest.ts";
import { parsePayload } from "../../../../functions/ingest/payload.ts";
import { InvalidPayloadError } from "../../../../functions/shared/errors.ts";

const env = loadIngestEnv({ INGEST_USERS: "1200", SOURCE_URL: "http://127.0.0.1:3100/api/" });

describe("ingest payload", () => {
  it("fills defaults from the environment for an empty payload, null, and a scheduled event", () => {
    for (const event of [{}, null, undefined, { source: "aws.events", "detail-type": "Scheduled Event" }]) {
      expect(parsePayload(event, env)).toMatchObject({ users: 1200, resultsPerRequest: 500, concurrency: 8 });
    }
  });

  it("rejects unknown keys and bad values with a typed error naming each field", () => {
    const bad = () => parsePayload({ users: 0, concurency: 3, sourceUrl: "ftp://x" }, env);
    expect(bad).toThrow(InvalidPayloadError);
    expect(bad).toThrow(/users: .*>=1/);
    expect(bad).toThrow(/concurency/);
    expect(bad).toThrow(/sourceUrl/);
    expect(() => parsePayload("users=5", env)).toThrow(InvalidPayloadError);
  });

  it("accepts the real API's URL", () => {
    expect(parsePayload({ sourceUrl: "https://randomuser.me/api/" }, env).sourceUrl).toBe(
      "https://randomuser.me/api/",
    );
  });

  it("plans same-size pages, keeping of the last only the users still needed", () => {
    const pages = planPages(parsePayload({ users: 1200, resultsPerRequest: 500, firstPage: 3 }, env), "s");
    expect(pages.map((page) => [page.page, page.results, page.take])).toEqual([
      [3, 500, 500],
      [4, 500, 500],
      [5, 500, 200],
    ]);
  });
});

describe("ingest environment", () => {
  it("rejects invalid variables, naming them", () => {
    expect(() => loadIngestEnv({ INGEST_MAX_CONCURRENCY: "0" })).toThrow(/INGEST_MAX_CONCURRENCY/);
    expect(() => loadIngestEnv({ SOURCE_URL: "not a url" })).toThrow(/SOURCE_URL/);
  });
});
