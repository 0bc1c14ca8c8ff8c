import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { randomUserPageSchema, randomUserSchema } from "../../../../functions/ingest/random-user.ts";
import { toRawRecord } from "../../../../functions/ingest/record.ts";

const page = JSON.parse(readFileSync("test/fixtures/randomuser/page-1.4.json", "utf8")) as {
  results: unknown[];
};
const coordinates = { source: "https://randomuser.me/api/", seed: "56d27f4a53bd5441", page: 1, results: 3 };

describe("Random User v1.4 validation and mapping", () => {
  it("accepts every user of a v1.4 page: numeric and string postcodes, a null id value", () => {
    expect(randomUserPageSchema.safeParse(page).success).toBe(true);
    for (const user of page.results) expect(randomUserSchema.safeParse(user).error).toBeUndefined();
  });

  it("keys the record by login.uuid and carries the ingest metadata and the user as received", () => {
    const user = randomUserSchema.parse(page.results[0]);
    const record = toRawRecord(user, coordinates, "2026-11-25T12:00:00.000Z");
    expect(record).toEqual({
      user_id: "7a0eed16-9430-4d68-901f-c0d4c1c3bf00",
      source: "https://randomuser.me/api/",
      seed: "56d27f4a53bd5441",
      page: 1,
      ingested_at: "2026-11-25T12:00:00.000Z",
      user: page.results[0],
    });
  });

  it("rejects a user without a valid uuid or with a malformed date, naming the field", () => {
    const first = page.results[0] as { login: object; dob: object };
    const noUuid = { ...first, login: { ...first.login, uuid: "not-a-uuid" } };
    expect(randomUserSchema.safeParse(noUuid).error?.issues[0]?.path).toEqual(["login", "uuid"]);
    const badDate = { ...first, dob: { date: "yesterday", age: 3 } };
    expect(randomUserSchema.safeParse(badDate).error?.issues[0]?.path).toEqual(["dob", "date"]);
  });
});
