import { BlockList, isIP } from "node:net";
import { FilterPatternError } from "./errors.ts";
import { isJsonObject, type JsonNode, JsonNumber } from "./filter-json.ts";

/**
 * The leaf operators of Lambda event filtering (the EventBridge syntax Lambda reuses:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html): each compiles, with
 * validation, to a predicate on one leaf value. Exact values, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`,
 * `numeric`, `anything-but` (plain, or with `prefix`, `suffix`, `equals-ignore-case`, `wildcard`) and `cidr`;
 * `exists` and `$or` are structural and live in filter-pattern.ts.
 */

/** A leaf value of a document: anything but an object or an array. */
export type Leaf = null | boolean | string | JsonNumber;

/** Does one leaf value satisfy an operator? */
export type LeafPredicate = (leaf: Leaf) => boolean;

const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

/**
 * Where in which pattern the compiler is, to name it in errors.
 *
 * @example
 * new PatternContext(2, "").at("value").at(0).fail("bad"); // throws "filter pattern 2 at value[0]: bad"
 */
export class PatternContext {
  readonly patternIndex: number;
  readonly path: string;
  constructor(patternIndex: number, path: string) {
    this.patternIndex = patternIndex;
    this.path = path;
  }
  at(segment: string | number): PatternContext {
    const next =
      typeof segment === "number"
        ? `${this.path}[${segment}]`
        : this.path
          ? `${this.path}.${segment}`
          : segment;
    return new PatternContext(this.patternIndex, next);
  }
  fail(message: string): never {
    const where = this.path ? ` at ${this.path}` : "";
    throw new FilterPatternError(
      `filter pattern ${this.patternIndex}${where}: ${message}`,
      this.patternIndex,
    );
  }
}

function requireString(node: JsonNode | undefined, ctx: PatternContext, what: string): string {
  if (typeof node !== "string") ctx.fail(`${what} needs a string`);
  return node;
}

/**
 * Exact match: character for character, numbers by their text (300 ≠ 300.0), null and booleans as themselves.
 *
 * @example
 * equalsExactly("a")("a"); // true
 */
export function equalsExactly(expected: Leaf): LeafPredicate {
  if (expected instanceof JsonNumber)
    return (leaf) => leaf instanceof JsonNumber && leaf.raw === expected.raw;
  return (leaf) => leaf === expected;
}

function sameValue(expected: string | JsonNumber): LeafPredicate {
  if (expected instanceof JsonNumber)
    return (leaf) => leaf instanceof JsonNumber && leaf.value === expected.value;
  return (leaf) => leaf === expected;
}

const onStrings =
  (test: (text: string) => boolean): LeafPredicate =>
  (leaf) =>
    typeof leaf === "string" && test(leaf);

function ignoringCase(expected: string): (text: string) => boolean {
  const folded = expected.toLowerCase();
  return (text) => text.toLowerCase() === folded;
}

function affix(
  kind: "prefix" | "suffix",
  argument: JsonNode | undefined,
  ctx: PatternContext,
): LeafPredicate {
  const check = (text: string, affix: string) =>
    kind === "prefix" ? text.startsWith(affix) : text.endsWith(affix);
  if (isJsonObject(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== "equals-ignore-case") {
      ctx.fail(`"${kind}" takes a string or { "equals-ignore-case": string }`);
    }
    const expected = requireString(
      argument["equals-ignore-case"],
      ctx.at("equals-ignore-case"),
      kind,
    ).toLowerCase();
    return onStrings((text) => check(text.toLowerCase(), expected));
  }
  const expected = requireString(argument, ctx, `"${kind}"`);
  return onStrings((text) => check(text, expected));
}

function wildcard(argument: JsonNode | undefined, ctx: PatternContext): LeafPredicate {
  const pattern = requireString(argument, ctx, '"wildcard"');
  let source = "";
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === "\\") {
      const next = pattern[i + 1];
      if (next !== "*" && next !== "\\") ctx.fail(`"wildcard" can only escape "*" and "\\" with a backslash`);
      source += next === "*" ? "\\*" : "\\\\";
      i += 1;
    } else if (char === "*") {
      if (pattern[i + 1] === "*") ctx.fail('"wildcard" does not allow consecutive "*" characters');
      source += "[\\s\\S]*";
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    }
  }
  const regex = new RegExp(`^${source}$`, "u");
  return onStrings((text) => regex.test(text));
}

function numeric(argument: JsonNode | undefined, ctx: PatternContext): LeafPredicate {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    ctx.fail('"numeric" needs [operator, number] or [">"|">=", number, "<"|"<=", number]');
  }
  const comparisons: { operator: string; bound: number }[] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const operator = argument[i];
    const bound = argument[i + 1];
    if (typeof operator !== "string" || !NUMERIC_OPERATORS.has(operator)) {
      return ctx.at(i).fail(`unknown numeric operator ${JSON.stringify(operator)}; use =, <, <=, > or >=`);
    }
    if (!(bound instanceof JsonNumber))
      return ctx.at(i + 1).fail(`numeric operator "${operator}" needs a number`);
    comparisons.push({ operator, bound: bound.value });
  }
  const [low, high] = comparisons;
  if (high && low) {
    if (
      !(low.operator === ">" || low.operator === ">=") ||
      !(high.operator === "<" || high.operator === "<=")
    ) {
      ctx.fail('a numeric range is [">"|">=", lower, "<"|"<=", upper]');
    }
    if (low.bound >= high.bound) ctx.fail("a numeric range needs its lower bound below its upper bound");
  }
  const test = (value: number, { operator, bound }: { operator: string; bound: number }) =>
    operator === "="
      ? value === bound
      : operator === "<"
        ? value < bound
        : operator === "<="
          ? value <= bound
          : operator === ">"
            ? value > bound
            : value >= bound;
  return (leaf) =>
    leaf instanceof JsonNumber && comparisons.every((comparison) => test(leaf.value, comparison));
}

function cidr(argument: JsonNode | undefined, ctx: PatternContext): LeafPredicate {
  const block = requireString(argument, ctx, '"cidr"');
  const [address, bits, extra] = block.split("/");
  const family = isIP(address ?? "");
  const prefix = Number(bits);
  const maxPrefix = family === 6 ? 128 : 32;
  if (family === 0 || extra !== undefined || !/^\d+$/.test(bits ?? "") || prefix > maxPrefix) {
    ctx.fail(`"cidr" needs an IPv4 or IPv6 block such as "10.0.0.0/24", got ${JSON.stringify(block)}`);
  }
  const list = new BlockList();
  const type = family === 6 ? "ipv6" : "ipv4";
  list.addSubnet(address as string, prefix, type);
  return onStrings((text) => {
    const ipFamily = isIP(text);
    return ipFamily !== 0 && list.check(text, ipFamily === 6 ? "ipv6" : "ipv4");
  });
}

function anythingBut(argument: JsonNode | undefined, ctx: PatternContext): LeafPredicate {
  if (isJsonObject(argument)) {
    const keys = Object.keys(argument);
    const [operator] = keys;
    if (keys.length !== 1 || operator === undefined) {
      ctx.fail('"anything-but" takes one of "prefix", "suffix", "equals-ignore-case" or "wildcard"');
    }
    const inner = argument[operator];
    const innerCtx: PatternContext = ctx.at(operator);
    const excluded = (): LeafPredicate => {
      switch (operator) {
        case "prefix":
        case "suffix":
          return affix(operator, requireString(inner, innerCtx, `"anything-but" "${operator}"`), innerCtx);
        case "equals-ignore-case":
        case "wildcard": {
          const values = Array.isArray(inner) ? inner : [inner];
          if (values.length === 0) innerCtx.fail(`"${operator}" needs at least one string`);
          const predicates = values.map((value, i) =>
            operator === "wildcard"
              ? wildcard(value, innerCtx.at(i))
              : onStrings(ignoringCase(requireString(value, innerCtx.at(i), '"equals-ignore-case"'))),
          );
          return (leaf) => predicates.some((predicate) => predicate(leaf));
        }
        default:
          return ctx.fail(`unknown "anything-but" operator ${JSON.stringify(operator)}`);
      }
    };
    const match = excluded();
    return (leaf) => typeof leaf === "string" && !match(leaf);
  }
  const values = Array.isArray(argument) ? argument : [argument];
  if (values.length === 0) ctx.fail('"anything-but" needs at least one value');
  const excluded = values.map((value, i) => {
    if (typeof value !== "string" && !(value instanceof JsonNumber)) {
      return ctx.at(i).fail('"anything-but" lists strings or numbers');
    }
    return sameValue(value);
  });
  return (leaf) => !excluded.some((isExcluded) => isExcluded(leaf));
}

/**
 * Compiles one operator object's operator and argument, e.g. `"prefix"` and `"us-"`.
 *
 * @throws {FilterPatternError} for an unknown operator or an invalid argument.
 * @example
 * compileOperator("prefix", "us-", new PatternContext(0, "region[0]"))("us-east-1"); // true
 */
export function compileOperator(
  operator: string,
  argument: JsonNode | undefined,
  ctx: PatternContext,
): LeafPredicate {
  switch (operator) {
    case "prefix":
    case "suffix":
      return affix(operator, argument, ctx);
    case "equals-ignore-case":
      return onStrings(ignoringCase(requireString(argument, ctx, '"equals-ignore-case"')));
    case "wildcard":
      return wildcard(argument, ctx);
    case "numeric":
      return numeric(argument, ctx);
    case "anything-but":
      return anythingBut(argument, ctx);
    case "cidr":
      return cidr(argument, ctx);
    default:
      return ctx.fail(`unknown operator ${JSON.stringify(operator)}`);
  }
}
