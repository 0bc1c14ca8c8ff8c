import { describe, expect, it } from "vitest";
import { FilterPatternError } from "../../../../infra/esm/errors.ts";
import { JsonNumber, parseJson } from "../../../../infra/esm/filter-json.ts";
import { compileOperator, equalsExactly, PatternContext } from "../../../../infra/esm/filter-operators.ts";

const ctx = new PatternContext(0, "value.a[0]");

describe("compileOperator", () => {
  it.each([
    ["prefix", '"us-"', "us-east-1", true],
    ["suffix", '".png"', "a.png", true],
    ["equals-ignore-case", '"abc"', "ABC", true],
    ["wildcard", '"*.txt"', "notes.txt", true],
    ["cidr", '"192.168.0.0/16"', "192.168.3.4", true],
    ["anything-but", '"x"', "y", true],
    ["anything-but", '"x"', "x", false],
  ])("%s %s on %j is %s", (operator, argument, leaf, expected) => {
    expect(compileOperator(operator, parseJson(argument), ctx)(leaf)).toBe(expected);
  });

  it("compares numeric values, not text", () => {
    const atLeastTen = compileOperator("numeric", parseJson('[">=", 10]'), ctx);
    expect(atLeastTen(new JsonNumber("1e1", 10))).toBe(true);
    expect(atLeastTen("10")).toBe(false);
    expect(atLeastTen(null)).toBe(false);
  });

  it("names the pattern and the path in its errors", () => {
    expect(() => compileOperator("bogus", null, ctx)).toThrow(FilterPatternError);
    expect(() => compileOperator("bogus", null, ctx)).toThrow(
      'filter pattern 0 at value.a[0]: unknown operator "bogus"',
    );
  });
});

describe("equalsExactly", () => {
  it("matches values of the same type and text only", () => {
    expect(equalsExactly("1")("1")).toBe(true);
    expect(equalsExactly("1")(new JsonNumber("1", 1))).toBe(false);
    expect(equalsExactly(new JsonNumber("1.0", 1))(new JsonNumber("1", 1))).toBe(false);
    expect(equalsExactly(false)(false)).toBe(true);
    expect(equalsExactly(null)(false)).toBe(false);
  });
});

describe("PatternContext", () => {
  it("builds dotted and indexed paths", () => {
    expect(new PatternContext(1, "").at("value").at(2).at("x").path).toBe("value[2].x");
    expect(() => new PatternContext(4, "").fail("oops")).toThrow("filter pattern 4: oops");
  });
});
