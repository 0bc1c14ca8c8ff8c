import { describe, expect, it } from "vitest";
import { QueryError } from "../../../../infra/source/errors.ts";
import { NATIONALITIES } from "../../../../infra/source/nationalities.ts";
import { parseQuery, USER_FIELDS } from "../../../../infra/source/query.ts";

const parse = (search: string) => parseQuery(new URLSearchParams(search), () => "0123456789abcdef");

describe("parseQuery", () => {
  it("defaults like upstream", () => {
    expect(parse("")).toEqual({
      results: 1,
      page: 1,
      seed: "0123456789abcdef",
      nats: NATIONALITIES,
      gender: null,
      fields: USER_FIELDS,
      noInfo: false,
    });
  });

  it("draws a 16-hex-character seed when none is given", () => {
    const a = parseQuery(new URLSearchParams("")).seed;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(parseQuery(new URLSearchParams("")).seed).not.toBe(a);
    expect(parse("seed=").seed).toBe("0123456789abcdef");
    expect(parse("seed=any%20string%20%E2%9C%93").seed).toBe("any string ✓");
  });

  it.each([
    ["0", 1],
    ["5001", 1],
    ["abc", 1],
    ["2.5", 1],
    ["-3", 1],
    ["", 1],
    ["1", 1],
    ["5000", 5000],
    ["42", 42],
    [" 7 ", 7],
  ])("reads results=%j as %i", (value, expected) => {
    expect(parse(`results=${encodeURIComponent(value)}`).results).toBe(expected);
  });

  it("reads page, and makes any page that is not a positive integer 1", () => {
    expect(parse("page=3").page).toBe(3);
    expect(parse("page=20000").page).toBe(20_000);
    for (const page of ["0", "-1", "1.5", "x", ""]) expect(parse(`page=${page}`).page).toBe(1);
    expect(parse(`results=5000&page=${2 ** 52}`).page).toBe(1);
  });

  it("takes nationalities case-insensitively, ignores unknown ones, and falls back to all", () => {
    expect(parse("nat=us,GB,Fr").nats).toEqual(["FR", "GB", "US"]);
    expect(parse("nat=us,xx,,zz").nats).toEqual(["US"]);
    expect(parse("nat=xx").nats).toEqual(NATIONALITIES);
    expect(parse("nat=").nats).toEqual(NATIONALITIES);
  });

  it("takes gender male or female, anything else meaning both", () => {
    expect(parse("gender=female").gender).toBe("female");
    expect(parse("gender=MALE").gender).toBe("male");
    expect(parse("gender=other").gender).toBeNull();
  });

  it("includes and excludes fields, keeping upstream's order", () => {
    expect(parse("inc=nat,name,email").fields).toEqual(["name", "email", "nat"]);
    expect(parse("inc=name, Login ,bogus").fields).toEqual(["name", "login"]);
    expect(parse("exc=login,picture,id").fields).toEqual(
      USER_FIELDS.filter((field) => !["login", "picture", "id"].includes(field)),
    );
    expect(parse("inc=name,email&exc=email").fields).toEqual(["name"]);
    expect(parse("inc=bogus").fields).toEqual([]);
    expect(parse("inc=").fields).toEqual(USER_FIELDS);
  });

  it("omits info when noinfo is present, whatever its value", () => {
    expect(parse("noinfo").noInfo).toBe(true);
    expect(parse("noinfo=false").noInfo).toBe(true);
  });

  it("lets the last of a repeated parameter win", () => {
    expect(parse("results=3&results=9").results).toBe(9);
    expect(parse("seed=a&seed=b").seed).toBe("b");
  });

  it("accepts format=json (any case, or fmt=json) and rejects any other format", () => {
    expect(parse("format=JSON").results).toBe(1);
    expect(parse("fmt=json").results).toBe(1);
    expect(() => parse("format=xml")).toThrow(QueryError);
    expect(() => parse("format=csv")).toThrow(/unsupported format "csv"/);
    expect(() => parse("fmt=yaml")).toThrow(QueryError);
    expect(() => parse("format=pretty")).toThrow(QueryError);
  });
});
