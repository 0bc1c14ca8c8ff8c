import { FilterPatternError } from "./errors.ts";
import type { KafkaInputRecord } from "./event.ts";
import { isJsonObject, type JsonNode, parseJson } from "./filter-json.ts";
import { compilePattern, type PatternMatcher } from "./filter-pattern.ts";

/**
 * Lambda event filtering for Kafka records (https://docs.aws.amazon.com/lambda/latest/dg/kafka-filtering.html):
 *
 * - Kafka event source mappings only support filtering on the `value` key; a pattern naming any other top-level
 *   field (`key`, `partition`, `headers`, …) is rejected here, where AWS would never match it as intended.
 * - The value is decoded as UTF-8 and matched as JSON when it is valid JSON, else as a plain string: a pattern whose
 *   `value` is a nested object matches JSON objects, one whose `value` is a list of rules matches plain strings (and
 *   JSON scalars). A mismatch between the two never matches, so the record is dropped. A null value (tombstone) has
 *   no `value`: only `{"value": [{"exists": false}]}` matches it.
 * - Patterns are ORed: a record matching any of them is delivered; a record matching none is dropped, and its offset
 *   is committed like a delivered one's (after the next successful invocation).
 * - A pattern is at most 4,096 characters (FilterCriteria Filter.Pattern,
 *   https://docs.aws.amazon.com/lambda/latest/api/API_Filter.html).
 */

/** Longest pattern Lambda accepts. */
export const MAX_FILTER_PATTERN_LENGTH = 4096;

/** The only top-level field Kafka filter patterns may name. */
const FILTERABLE_FIELD = "value";

/** Decides whether a record passes a mapping's filter criteria. */
export type KafkaRecordFilter = (record: Pick<KafkaInputRecord, "value">) => boolean;

function checkTopLevel(pattern: JsonNode, patternIndex: number): void {
  if (!isJsonObject(pattern)) return; // compilePattern reports it
  for (const key of Object.keys(pattern)) {
    if (key === "$or") {
      const branches = pattern[key];
      if (Array.isArray(branches)) for (const branch of branches) checkTopLevel(branch, patternIndex);
    } else if (key !== FILTERABLE_FIELD) {
      throw new FilterPatternError(
        `filter pattern ${patternIndex}: cannot filter on ${JSON.stringify(key)}; Kafka event source mappings only ` +
          `support filtering on the "value" key (https://docs.aws.amazon.com/lambda/latest/dg/kafka-filtering.html)`,
        patternIndex,
      );
    }
  }
}

/**
 * The document a Kafka record is matched against: `{ value }` with the value parsed as JSON when it is JSON, the
 * decoded string otherwise, and no `value` at all for a null value.
 *
 * @example
 * filterDocument({ value: Buffer.from('{"a":1}') }); // { value: { a: JsonNumber("1") } }
 * filterDocument({ value: Buffer.from("plain") });   // { value: "plain" }
 */
export function filterDocument(record: Pick<KafkaInputRecord, "value">): { value?: JsonNode } {
  if (record.value === null) return {};
  const text = record.value.toString("utf8");
  try {
    return { value: parseJson(text) };
  } catch {
    return { value: text };
  }
}

/**
 * Compiles a mapping's filter patterns (the `Pattern` strings of FilterCriteria, i.e. each osls `filterPatterns`
 * entry as JSON) once; the result tests records. No patterns means every record passes.
 *
 * @throws {FilterPatternError} for a pattern that is not JSON, too long, invalid, or names a field other than `value`.
 * @example
 * const passes = compileKafkaFilters(['{"value": {"device_ID": [{"prefix": "AB"}]}}']);
 * passes({ value: Buffer.from('{"device_ID":"AB1234"}') }); // true
 * passes({ value: Buffer.from("AB1234") });                  // false: a plain string, the pattern wants JSON
 */
export function compileKafkaFilters(patterns: readonly string[]): KafkaRecordFilter {
  if (patterns.length === 0) return () => true;
  const matchers: PatternMatcher[] = patterns.map((source, patternIndex) => {
    if (source.length > MAX_FILTER_PATTERN_LENGTH) {
      throw new FilterPatternError(
        `filter pattern ${patternIndex}: ${source.length} characters, over Lambda's limit of ${MAX_FILTER_PATTERN_LENGTH}`,
        patternIndex,
      );
    }
    let pattern: JsonNode;
    try {
      pattern = parseJson(source);
    } catch (error) {
      throw new FilterPatternError(
        `filter pattern ${patternIndex}: not valid JSON: ${(error as Error).message}`,
        patternIndex,
        {
          cause: error,
        },
      );
    }
    if (isJsonObject(pattern) && typeof pattern.pattern === "string" && Object.keys(pattern).length === 1) {
      throw new FilterPatternError(
        `filter pattern ${patternIndex}: osls filterPatterns entries are the pattern objects themselves ` +
          `(e.g. { value: { a: [1] } }), not { pattern: "<json>" }`,
        patternIndex,
      );
    }
    const matcher = compilePattern(pattern, patternIndex);
    checkTopLevel(pattern, patternIndex);
    return matcher;
  });
  return (record) => {
    const document = filterDocument(record) as JsonNode;
    return matchers.some((matches) => matches(document));
  };
}
