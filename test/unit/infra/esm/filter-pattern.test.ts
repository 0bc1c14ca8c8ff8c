import { describe, expect, it } from "vitest";
import { FilterPatternError } from "../../../../infra/esm/errors.ts";
import { isJsonObject, JsonNumber, parseJson } from "../../../../infra/esm/filter-json.ts";
import { compilePattern } from "../../../../infra/esm/filter-pattern.ts";

const matches = (pattern: string, document: string) =>
  compilePattern(parseJson(pattern), 0)(parseJson(document));

describe("compilePattern (generic, any field names)", () => {
  it("matches metadata and data fields together, as in Lambda's Kinesis example", () => {
    const pattern = '{"partitionKey":["1"],"data":{"Location":["Los Angeles"]}}';
    expect(matches(pattern, '{"partitionKey":"1","data":{"Location":"Los Angeles"}}')).toBe(true);
    expect(matches(pattern, '{"partitionKey":"2","data":{"Location":"Los Angeles"}}')).toBe(false);
  });

  it("treats an absent document as having no fields", () => {
    const matcher = compilePattern(parseJson('{"a":[{"exists":false}]}'), 0);
    expect(matcher(undefined)).toBe(true);
    expect(matcher(parseJson("42"))).toBe(true);
  });

  it("does not see inherited properties as fields", () => {
    expect(matches('{"constructor":[{"exists":true}]}', "{}")).toBe(false);
    expect(matches('{"__proto__":["x"]}', '{"__proto__":"x"}')).toBe(true);
  });

  it("reports the pattern index and the path of the invalid part", () => {
    try {
      compilePattern(parseJson('{"a":{"b":[{"numeric":[">"]}]}}'), 3);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FilterPatternError);
      expect((error as FilterPatternError).patternIndex).toBe(3);
      expect((error as Error).message).toMatch(/^filter pattern 3 at a\.b\[0\]\.numeric: /);
    }
  });
});

describe("filter-json", () => {
  it("tells objects from arrays, numbers and null", () => {
    expect(isJsonObject(parseJson("{}"))).toBe(true);
    expect(isJsonObject(parseJson("[]"))).toBe(false);
    expect(isJsonObject(parseJson("1"))).toBe(false);
    expect(isJsonObject(parseJson("null"))).toBe(false);
    expect(isJsonObject(undefined)).toBe(false);
    expect(parseJson('{"big":12345678901234567890}')).toEqual({
      big: new JsonNumber("12345678901234567890", Number("12345678901234567890")),
    });
  });
});
