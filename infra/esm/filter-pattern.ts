import { isJsonObject, type JsonNode, type JsonObject } from "./filter-json.ts";
import { compileOperator, equalsExactly, type Leaf, PatternContext } from "./filter-operators.ts";

/**
 * Compiles a Lambda event-filtering pattern (the EventBridge pattern syntax, which Lambda reuses:
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html#filtering-syntax and
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html) into a matcher over a
 * parsed JSON document. Knows nothing of Kafka.
 *
 * Semantics:
 * - fields of a pattern object are ANDed; the values and operators listed for one field are ORed; `$or` ORs whole
 *   sub-patterns at its level;
 * - operators apply to leaf values (strings, numbers, booleans, null); an array in the document matches when any of
 *   its elements does; an object where the pattern expects a leaf has no leaf value (so only `exists: false` holds);
 * - exact matches are character for character and compare numbers by their text (300 ≠ 300.0); `numeric` compares
 *   values, and only of JSON numbers; `prefix`, `suffix`, `equals-ignore-case`, `wildcard` and `cidr` only match
 *   strings; `anything-but` needs the field to be present.
 */

type LeafTest = (leaves: readonly Leaf[]) => boolean;

/** Tells whether a document (or a sub-document; undefined when absent) matches a compiled pattern. */
export type PatternMatcher = (node: JsonNode | undefined) => boolean;

const isLeaf = (node: JsonNode): node is Leaf => !Array.isArray(node) && !isJsonObject(node);

function leavesOf(node: JsonNode | undefined, into: Leaf[] = []): Leaf[] {
  if (node === undefined || isJsonObject(node)) return into;
  if (Array.isArray(node)) {
    for (const element of node) leavesOf(element, into);
    return into;
  }
  into.push(node);
  return into;
}

function compileRule(rule: JsonNode, ctx: PatternContext): LeafTest {
  if (isLeaf(rule)) {
    const equals = equalsExactly(rule);
    return (leaves) => leaves.some(equals);
  }
  if (!isJsonObject(rule)) return ctx.fail("a rule is a value or an operator object, not an array");
  const keys = Object.keys(rule);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined) {
    return ctx.fail(`an operator object has exactly one key, got ${JSON.stringify(keys)}`);
  }
  if (operator === "exists") {
    const exists = rule.exists;
    if (typeof exists !== "boolean") return ctx.at("exists").fail('"exists" takes true or false');
    return exists ? (leaves) => leaves.length > 0 : (leaves) => leaves.length === 0;
  }
  const predicate = compileOperator(operator, rule[operator], ctx.at(operator));
  return (leaves) => leaves.some(predicate);
}

function compileRules(rules: JsonNode[], ctx: PatternContext): LeafTest {
  if (rules.length === 0) ctx.fail("lists no value or operator, so nothing could match");
  const tests = rules.map((rule, i) => compileRule(rule, ctx.at(i)));
  return (leaves) => tests.some((test) => test(leaves));
}

function objectElements(node: JsonNode[], into: JsonObject[] = []): JsonObject[] {
  for (const element of node) {
    if (Array.isArray(element)) objectElements(element, into);
    else if (isJsonObject(element)) into.push(element);
  }
  return into;
}

function compileObject(pattern: JsonObject, ctx: PatternContext): PatternMatcher {
  const keys = Object.keys(pattern);
  if (keys.length === 0) ctx.fail("a pattern object must name at least one field");
  const conditions = keys.map((key): PatternMatcher => {
    const sub = pattern[key] as JsonNode;
    const subCtx: PatternContext = ctx.at(key);
    if (key === "$or") {
      if (!Array.isArray(sub) || sub.length === 0 || !sub.every(isJsonObject)) {
        subCtx.fail('"$or" needs a non-empty array of pattern objects');
      }
      const branches = sub.map((branch, i) => compileObject(branch as JsonObject, subCtx.at(i)));
      return (node) => branches.some((branch) => branch(node));
    }
    const field = (node: JsonNode | undefined) =>
      isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    if (Array.isArray(sub)) {
      const test = compileRules(sub, subCtx);
      return (node) => test(leavesOf(field(node)));
    }
    if (isJsonObject(sub)) {
      const nested = compileObject(sub, subCtx);
      return (node) => {
        const child = field(node);
        if (!Array.isArray(child)) return nested(child);
        const elements = objectElements(child);
        return elements.length === 0 ? nested(undefined) : elements.some((element) => nested(element));
      };
    }
    return subCtx.fail("must be an array of values and operators, or a nested pattern object");
  });
  return (node) => conditions.every((condition) => condition(node));
}

/**
 * Compiles one pattern, validating all of it.
 *
 * @throws {FilterPatternError} naming the pattern's index and the path of the first invalid part.
 * @example
 * const matches = compilePattern(parseJson('{"a": [{"prefix": "x"}]}'), 0);
 * matches(parseJson('{"a": "xyz"}')); // true
 */
export function compilePattern(pattern: JsonNode, patternIndex: number): PatternMatcher {
  const ctx: PatternContext = new PatternContext(patternIndex, "");
  if (!isJsonObject(pattern)) ctx.fail("a pattern is a JSON object");
  return compileObject(pattern, ctx);
}
