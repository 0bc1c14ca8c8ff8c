import type { QueryResult } from "./queries.ts";
import type { Value } from "./values.ts";

/**
 * A cell as the table shows it: empty for null, numbers with at most two decimals unless `round` is false.
 *
 * @example
 * formatCell(51.666666666666664); // "51.67"
 * formatCell(-69.8246, false); // "-69.8246"
 * formatCell(null); // ""
 */
export function formatCell(value: Value, round = true): string {
  if (value === null) return "";
  if (round && typeof value === "number" && !Number.isInteger(value)) {
    return String(Math.round(value * 100) / 100);
  }
  return String(value);
}

/**
 * Rows as a plain-text table: upper-case headers, columns two spaces apart, numbers right-aligned, and a line
 * counting the rows.
 *
 * @example
 * renderTable(["country_code", "users"], [{ country_code: "DE", users: 3 }]);
 * // "COUNTRY_CODE  USERS\nDE                3\n(1 row)\n"
 */
export function renderTable(columns: readonly string[], rows: readonly Record<string, Value>[]): string {
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column] ?? null)));
  const numeric = columns.map(
    (column) =>
      rows.length > 0 && rows.every((row) => row[column] === null || typeof row[column] === "number"),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.length, ...cells.map((line) => (line[i] as string).length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) =>
        numeric[i] ? value.padStart(widths[i] as number) : value.padEnd(widths[i] as number),
      )
      .join("  ")
      .trimEnd();
  const count = `(${rows.length} ${rows.length === 1 ? "row" : "rows"})`;
  return `${[line(columns.map((column) => column.toUpperCase())), ...cells.map(line), count].join("\n")}\n`;
}

/**
 * One record as aligned `field  value` lines, numbers unrounded.
 *
 * @example
 * renderRecord({ users: 5000 }); // "users  5000\n"
 */
export function renderRecord(record: Readonly<Record<string, Value>>): string {
  const width = Math.max(...Object.keys(record).map((key) => key.length));
  return Object.entries(record)
    .map(([key, value]) => `${key.padEnd(width)}  ${formatCell(value, false)}`.trimEnd())
    .join("\n")
    .concat("\n");
}

/**
 * What the command prints for a result: a table (or record) by default, JSON with `--json` (an array of rows, or the
 * record's object).
 *
 * @example
 * renderResult({ kind: "record", record: { users: 5000 } }, true); // '{\n  "users": 5000\n}\n'
 */
export function renderResult(result: QueryResult, json: boolean): string {
  if (json) return `${JSON.stringify(result.kind === "rows" ? result.rows : result.record, null, 2)}\n`;
  return result.kind === "rows" ? renderTable(result.columns, result.rows) : renderRecord(result.record);
}
