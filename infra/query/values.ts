import { types } from "cassandra-driver";

/** A cell as the command prints it: JSON-safe. */
export type Value = string | number | boolean | null;
/** A row with its cells in column order. */
export type Row = Record<string, Value>;

/**
 * A driver value as plain JSON: timestamps as ISO-8601 strings, UUIDs as strings, bigints as numbers.
 *
 * @example
 * plainValue(types.Long.fromNumber(3)); // 3
 * plainValue(new Date(0)); // "1970-01-01T00:00:00.000Z"
 */
export function plainValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof types.Long) return value.toNumber();
  if (value instanceof types.Uuid) return value.toString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

/**
 * A driver row as a plain {@link Row}, keeping the result's column order.
 *
 * @example
 * plainRow(result.rows[0], result.columns.map((column) => column.name));
 */
export function plainRow(row: types.Row, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((column) => [column, plainValue(row.get(column))]));
}
