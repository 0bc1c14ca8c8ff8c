import { describe, expect, it } from "vitest";
import { FilterPatternError } from "../../../../infra/esm/errors.ts";
import {
  compileKafkaFilters,
  filterDocument,
  MAX_FILTER_PATTERN_LENGTH,
} from "../../../../infra/esm/filter.ts";
import { JsonNumber, parseJson } from "../../../../infra/esm/filter-json.ts";

/** Does a record whose value is `value` (raw text, or null for a tombstone) pass the single `pattern`? */
function passes(pattern: unknown, value: string | null): boolean {
  const source = typeof pattern === "string" ? pattern : JSON.stringify(pattern);
  return compileKafkaFilters([source])({ value: value === null ? null : Buffer.from(value) });
}

type Case = readonly [description: string, value: string | null, expected: boolean];

function table(pattern: unknown, cases: readonly Case[]) {
  it.each(cases)(
    `${typeof pattern === "string" ? pattern : JSON.stringify(pattern)} · %s`,
    (_d, value, expected) => {
      expect(passes(pattern, value)).toBe(expected);
    },
  );
}

describe("AWS's documented Kafka examples", () => {
  describe("JSON value, prefix", () => {
    table({ value: { device_ID: [{ prefix: "AB" }] } }, [
      ["matching JSON", '{"device_ID":"AB1234","session":{"start_time":"x","duration":162}}', true],
      ["other prefix", '{"device_ID":"CD1234"}', false],
      ["plain string", "AB1234", false],
    ]);
  });
  describe("plain string value, anything-but", () => {
    table({ value: [{ "anything-but": ["error"] }] }, [
      ["other string", "all good", true],
      ["the excluded string", "error", false],
      ["a JSON object", '{"status":"ok"}', false],
    ]);
  });
});

describe("equals", () => {
  describe("strings, character for character", () => {
    table({ value: { a: ["x"] } }, [
      ["equal", '{"a":"x"}', true],
      ["other case", '{"a":"X"}', false],
      ["an element of an array", '{"a":["y","x"]}', true],
      ["an object where a leaf is expected", '{"a":{"b":"x"}}', false],
      ["absent", "{}", false],
      ["the number-looking string is not a number", '{"a":1}', false],
    ]);
  });
  describe("numbers compare by their text", () => {
    table({ value: { n: [300] } }, [
      ["same text", '{"n":300}', true],
      ["300.0", '{"n":300.0}', false],
      ["3.0e2", '{"n":3.0e2}', false],
      ["a string", '{"n":"300"}', false],
    ]);
    table('{"value":{"n":[300.0]}}', [
      ["300.0", '{"n":300.0}', true],
      ["300", '{"n":300}', false],
    ]);
  });
  describe("null, booleans and the empty string", () => {
    table({ value: { a: [null] } }, [
      ["null", '{"a":null}', true],
      ["absent", "{}", false],
      ['"null"', '{"a":"null"}', false],
    ]);
    table({ value: { a: [true] } }, [
      ["true", '{"a":true}', true],
      ["false", '{"a":false}', false],
      ['"true"', '{"a":"true"}', false],
    ]);
    table({ value: { a: [""] } }, [
      ["empty", '{"a":""}', true],
      ["not empty", '{"a":"x"}', false],
    ]);
  });
  describe("values of one field are ORed, fields are ANDed", () => {
    table({ value: { a: ["x", "y"], b: [1] } }, [
      ["first value", '{"a":"x","b":1}', true],
      ["second value", '{"a":"y","b":1}', true],
      ["other field fails", '{"a":"y","b":2}', false],
      ["other field absent", '{"a":"y"}', false],
    ]);
  });
  describe("nested fields", () => {
    table({ value: { dynamodb: { Keys: { Id: { N: ["101"] } } } } }, [
      ["deep match", '{"dynamodb":{"Keys":{"Id":{"N":"101"}}}}', true],
      ["deep mismatch", '{"dynamodb":{"Keys":{"Id":{"N":"102"}}}}', false],
      ["intermediate is a string", '{"dynamodb":"x"}', false],
    ]);
  });
});

describe("equals-ignore-case", () => {
  table({ value: { name: [{ "equals-ignore-case": "alice" }] } }, [
    ["upper case", '{"name":"ALICE"}', true],
    ["mixed case", '{"name":"aLiCe"}', true],
    ["other", '{"name":"alicia"}', false],
    ["not a string", '{"name":1}', false],
  ]);
});

describe("prefix and suffix", () => {
  table({ value: { region: [{ prefix: "us-" }] } }, [
    ["prefixed", '{"region":"us-east-1"}', true],
    ["exactly the prefix", '{"region":"us-"}', true],
    ["other", '{"region":"eu-west-1"}', false],
    ["case differs", '{"region":"US-east-1"}', false],
  ]);
  table({ value: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } }, [
    ["any case", '{"service":"eventbridge"}', true],
    ["other", '{"service":"lambda"}', false],
  ]);
  table({ value: { file: [{ suffix: ".png" }] } }, [
    ["suffixed", '{"file":"a.png"}', true],
    ["other", '{"file":"a.jpg"}', false],
    ["not a string", '{"file":5}', false],
  ]);
  table({ value: { file: [{ suffix: { "equals-ignore-case": ".PNG" } }] } }, [
    ["any case", '{"file":"a.png"}', true],
    ["other", '{"file":"a.gif"}', false],
  ]);
  table({ value: [{ prefix: "Result: " }] }, [
    ["plain string", "Result: ok", true],
    ["plain string without it", "Outcome: ok", false],
  ]);
});

describe("wildcard", () => {
  table({ value: { path: [{ wildcard: "dir/*.png" }] } }, [
    ["one level", '{"path":"dir/a.png"}', true],
    ["* crosses slashes", '{"path":"dir/a/b.png"}', true],
    ["empty middle", '{"path":"dir/.png"}', true],
    ["other extension", '{"path":"dir/a.jpg"}', false],
    ["anchored", '{"path":"x/dir/a.png"}', false],
  ]);
  table({ value: { s: [{ wildcard: "a\\*b.c" }] } }, [
    ["escaped star is literal", '{"s":"a*b.c"}', true],
    ["not a wildcard", '{"s":"axxb.c"}', false],
    ["dot is literal", '{"s":"a*bxc"}', false],
  ]);
});

describe("anything-but", () => {
  table({ value: { state: [{ "anything-but": "initializing" }] } }, [
    ["other", '{"state":"running"}', true],
    ["excluded", '{"state":"initializing"}', false],
    ["absent field never matches", "{}", false],
    ["a number", '{"state":1}', true],
  ]);
  table({ value: { state: [{ "anything-but": ["stopped", "overloaded"] }] } }, [
    ["other", '{"state":"running"}', true],
    ["first excluded", '{"state":"stopped"}', false],
    ["second excluded", '{"state":"overloaded"}', false],
  ]);
  table({ value: { limit: [{ "anything-but": [100, 200] }] } }, [
    ["other number", '{"limit":150}', true],
    ["excluded number", '{"limit":100}', false],
    ["same value written differently", '{"limit":100.0}', false],
  ]);
  table({ value: { region: [{ "anything-but": { prefix: "us-" } }] } }, [
    ["not prefixed", '{"region":"eu-west-1"}', true],
    ["prefixed", '{"region":"us-east-1"}', false],
    ["not a string", '{"region":1}', false],
  ]);
  table({ value: { file: [{ "anything-but": { suffix: ".png" } }] } }, [
    ["not suffixed", '{"file":"a.jpg"}', true],
    ["suffixed", '{"file":"a.png"}', false],
  ]);
  table({ value: { state: [{ "anything-but": { "equals-ignore-case": ["Stopped", "Overloaded"] } }] } }, [
    ["other", '{"state":"running"}', true],
    ["excluded in another case", '{"state":"STOPPED"}', false],
  ]);
  table({ value: { path: [{ "anything-but": { wildcard: "*/lib/*" } }] } }, [
    ["outside lib", '{"path":"/src/a.ts"}', true],
    ["inside lib", '{"path":"/x/lib/a.ts"}', false],
  ]);
});

describe("numeric", () => {
  const value = (n: string) => `{"price":${n}}`;
  table({ value: { price: [{ numeric: ["=", 100] }] } }, [
    ["equal", value("100"), true],
    ["equal, written differently", value("100.0"), true],
    ["different", value("101"), false],
    ["a numeric string is not a number", value('"100"'), false],
  ]);
  table({ value: { price: [{ numeric: ["<", 10] }] } }, [
    ["below", value("9.99"), true],
    ["at", value("10"), false],
    ["negative", value("-5"), true],
  ]);
  table({ value: { price: [{ numeric: ["<=", 10] }] } }, [
    ["at", value("10"), true],
    ["above", value("10.01"), false],
  ]);
  table({ value: { price: [{ numeric: [">", 10] }] } }, [
    ["above", value("10.5"), true],
    ["at", value("10"), false],
  ]);
  table({ value: { price: [{ numeric: [">=", 10] }] } }, [
    ["at", value("10"), true],
    ["below", value("9"), false],
  ]);
  table({ value: { price: [{ numeric: [">", 10, "<=", 20] }] } }, [
    ["inside", value("15"), true],
    ["upper bound included", value("20"), true],
    ["lower bound excluded", value("10"), false],
    ["above", value("20.5"), false],
    ["any element of an array", '{"price":[1,15]}', true],
  ]);
});

describe("exists", () => {
  table({ value: { ProductName: [{ exists: true }] } }, [
    ["present", '{"ProductName":"x"}', true],
    ["present and null", '{"ProductName":null}', true],
    ["absent", "{}", false],
    ["an object is not a leaf", '{"ProductName":{"a":1}}', false],
    ["an empty array has no leaf", '{"ProductName":[]}', false],
  ]);
  table({ value: { ProductName: [{ exists: false }] } }, [
    ["absent", '{"other":1}', true],
    ["present", '{"ProductName":"x"}', false],
    ["an object is not a leaf", '{"ProductName":{"a":1}}', true],
  ]);
  table({ value: { a: { b: [{ exists: false }] } } }, [
    ["parent absent", "{}", true],
    ["parent without it", '{"a":{"c":1}}', true],
    ["present", '{"a":{"b":1}}', false],
  ]);
});

describe("cidr", () => {
  table({ value: { ip: [{ cidr: "10.0.0.0/24" }] } }, [
    ["inside", '{"ip":"10.0.0.255"}', true],
    ["outside", '{"ip":"10.0.1.0"}', false],
    ["not an address", '{"ip":"ten"}', false],
    ["an IPv6 address", '{"ip":"::1"}', false],
  ]);
  table({ value: { ip: [{ cidr: "2001:db8::/32" }] } }, [
    ["inside", '{"ip":"2001:db8::1"}', true],
    ["outside", '{"ip":"2001:db9::1"}', false],
  ]);
});

describe("$or", () => {
  table({ value: { $or: [{ a: ["x"] }, { b: [{ numeric: [">", 1] }] }] } }, [
    ["first branch", '{"a":"x"}', true],
    ["second branch", '{"b":2}', true],
    ["neither", '{"a":"y","b":0}', false],
  ]);
  table({ $or: [{ value: { a: ["x"] } }, { value: ["plain"] }] }, [
    ["JSON branch", '{"a":"x"}', true],
    ["string branch", "plain", true],
    ["neither", "other", false],
  ]);
  table({ value: { kind: ["order"], $or: [{ total: [{ numeric: [">", 100] }] }, { vip: [true] }] } }, [
    ["AND with the first branch", '{"kind":"order","total":150}', true],
    ["AND with the second branch", '{"kind":"order","vip":true}', true],
    ["the AND fails", '{"kind":"refund","vip":true}', false],
  ]);
});

describe("arrays of objects", () => {
  table({ value: { items: { sku: ["A"], qty: [{ numeric: [">", 1] }] } } }, [
    ["one element matches both", '{"items":[{"sku":"B","qty":5},{"sku":"A","qty":2}]}', true],
    ["no single element matches both", '{"items":[{"sku":"A","qty":1},{"sku":"B","qty":5}]}', false],
  ]);
});

describe("the value as JSON or as a plain string", () => {
  table({ value: ["123"] }, [
    ["a JSON number is not the string", "123", false],
    ["a JSON string is the string", '"123"', true],
  ]);
  table({ value: [{ numeric: [">", 100] }] }, [
    ["a JSON number", "150", true],
    ["below", "50", false],
  ]);
  table({ value: [{ "anything-but": ["x"] }] }, [["a tombstone has no value", null, false]]);
  table({ value: [{ exists: false }] }, [
    ["a tombstone", null, true],
    ["an empty value is an empty string", "", false],
  ]);
  table({ value: [{ exists: true }] }, [["a JSON object is not a leaf", '{"a":1}', false]]);
  table({ value: [""] }, [["an empty value", "", true]]);
});

describe("compileKafkaFilters", () => {
  it("lets everything through when there are no patterns", () => {
    const filter = compileKafkaFilters([]);
    expect(filter({ value: null })).toBe(true);
    expect(filter({ value: Buffer.from("x") })).toBe(true);
  });

  it("ORs several patterns", () => {
    const filter = compileKafkaFilters(['{"value":["a"]}', '{"value":{"b":[1]}}']);
    expect(filter({ value: Buffer.from("a") })).toBe(true);
    expect(filter({ value: Buffer.from('{"b":1}') })).toBe(true);
    expect(filter({ value: Buffer.from("c") })).toBe(false);
  });

  it.each([
    ["not JSON", "{value:", /pattern 0: not valid JSON/],
    ["not an object", '["value"]', /pattern 0: a pattern is a JSON object/],
    ["an empty object", "{}", /at least one field/],
    ["the API's { pattern } wrapper", '{"pattern":"{\\"value\\":[\\"a\\"]}"}', /not \{ pattern: "<json>" \}/],
    ["the key field", '{"key":["k"]}', /cannot filter on "key".*only support filtering on the "value" key/],
    ["a metadata field", '{"partition":[0]}', /cannot filter on "partition"/],
    [
      "a metadata field inside $or",
      '{"$or":[{"value":["a"]},{"headers":["h"]}]}',
      /cannot filter on "headers"/,
    ],
    [
      "an unknown operator",
      '{"value":[{"contains":"x"}]}',
      /at value\[0\]\.contains: unknown operator "contains"/,
    ],
    ["an empty rule list", '{"value":{"a":[]}}', /at value\.a: lists no value/],
    ["an operator object with two keys", '{"value":[{"prefix":"a","suffix":"b"}]}', /exactly one key/],
    ["a nested array rule", '{"value":[["a"]]}', /not an array/],
    ["a scalar where rules belong", '{"value":{"a":"x"}}', /must be an array of values and operators/],
    ["a numeric operator typo", '{"value":[{"numeric":["=>",1]}]}', /unknown numeric operator "=>"/],
    ["a numeric string bound", '{"value":[{"numeric":[">","1"]}]}', /needs a number/],
    ["a numeric of wrong length", '{"value":[{"numeric":[">",1,"<"]}]}', /"numeric" needs/],
    [
      "a reversed numeric range",
      '{"value":[{"numeric":[">",5,"<",1]}]}',
      /lower bound below its upper bound/,
    ],
    ["a numeric range with =", '{"value":[{"numeric":["=",1,"<",5]}]}', /a numeric range is/],
    ["exists not boolean", '{"value":[{"exists":"yes"}]}', /"exists" takes true or false/],
    ["prefix not a string", '{"value":[{"prefix":1}]}', /"prefix" needs a string/],
    ["prefix with an unknown option", '{"value":[{"prefix":{"ignore":"a"}}]}', /"prefix" takes a string or/],
    ["consecutive wildcards", '{"value":[{"wildcard":"a**b"}]}', /consecutive/],
    ["a bad wildcard escape", '{"value":[{"wildcard":"a\\\\nb"}]}', /can only escape/],
    ["an invalid cidr", '{"value":[{"cidr":"10.0.0.0/33"}]}', /"cidr" needs an IPv4 or IPv6 block/],
    ["an empty anything-but", '{"value":[{"anything-but":[]}]}', /at least one value/],
    ["anything-but null", '{"value":[{"anything-but":null}]}', /lists strings or numbers/],
    [
      "an unknown anything-but operator",
      '{"value":[{"anything-but":{"numeric":[">",1]}}]}',
      /unknown "anything-but"/,
    ],
    ["$or that is not a list of patterns", '{"value":{"$or":["a"]}}', /"\$or" needs a non-empty array/],
  ])("rejects %s", (_name, source, message) => {
    expect(() => compileKafkaFilters([source])).toThrow(FilterPatternError);
    expect(() => compileKafkaFilters([source])).toThrow(message);
  });

  it("names the index of the invalid pattern", () => {
    try {
      compileKafkaFilters(['{"value":["a"]}', '{"value":[{"bogus":1}]}']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FilterPatternError);
      expect((error as FilterPatternError).patternIndex).toBe(1);
      expect((error as FilterPatternError).name).toBe("FilterPatternError");
    }
  });

  it("rejects a pattern longer than Lambda's 4,096 characters", () => {
    const long = JSON.stringify({ value: ["x".repeat(MAX_FILTER_PATTERN_LENGTH)] });
    expect(() => compileKafkaFilters([long])).toThrow(/over Lambda's limit of 4096/);
  });
});

describe("filterDocument", () => {
  it("parses JSON values, keeping number text", () => {
    const document = filterDocument({ value: Buffer.from('{"n":1.50}') });
    expect(document.value).toEqual({ n: new JsonNumber("1.50", 1.5) });
  });

  it("keeps non-JSON values as strings, and leaves tombstones without a value", () => {
    expect(filterDocument({ value: Buffer.from("not json") })).toEqual({ value: "not json" });
    expect(filterDocument({ value: null })).toEqual({});
  });

  it("parseJson keeps each number's source text", () => {
    expect(parseJson("[3.0e2, -0, 1]")).toEqual([
      new JsonNumber("3.0e2", 300),
      new JsonNumber("-0", -0),
      new JsonNumber("1", 1),
    ]);
  });
});
