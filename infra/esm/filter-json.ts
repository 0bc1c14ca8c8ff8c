/**
 * JSON parsing that keeps each number's source text. Lambda event filtering compares numbers by their string
 * representation in exact matches ("300, 300.0, and 3.0e2 are not considered equal",
 * https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html), which `JSON.parse` alone loses.
 */

/** A JSON number: its text as written and its value. */
export class JsonNumber {
  readonly raw: string;
  readonly value: number;
  constructor(raw: string, value: number) {
    this.raw = raw;
    this.value = value;
  }
}

/** A parsed JSON value in which numbers are {@link JsonNumber}s. */
export type JsonNode = null | boolean | string | JsonNumber | JsonNode[] | { [key: string]: JsonNode };

/** A JSON object node (not an array, not a number). */
export type JsonObject = { [key: string]: JsonNode };

/**
 * Parses JSON text, keeping the source text of every number.
 *
 * @throws {SyntaxError} when the text is not JSON.
 * @example
 * const node = parseJson('{"a": 3.0e2}') as JsonObject;
 * (node.a as JsonNumber).raw;   // "3.0e2"
 * (node.a as JsonNumber).value; // 300
 */
export function parseJson(text: string): JsonNode {
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" ? new JsonNumber(context?.source ?? String(value), value) : value,
  ) as JsonNode;
}

/**
 * True for a JSON object node.
 *
 * @example
 * isJsonObject(parseJson("{}")); // true
 * isJsonObject(parseJson("1"));  // false
 */
export function isJsonObject(node: JsonNode | undefined): node is JsonObject {
  return typeof node === "object" && node !== null && !Array.isArray(node) && !(node instanceof JsonNumber);
}
