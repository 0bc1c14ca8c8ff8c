/**
 * A Markdown table, columns padded as biome formats them; numbers are written with thousands separators.
 *
 * @example
 * table(["stage", "records/s"], [["mapping", 120000]]); // "| stage   | records/s |\n| ------- | --------- |\n| mapping | 120,000   |"
 */
export function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const text = (value: string | number) =>
    typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 2 }) : value;
  const cells = [header, ...rows].map((row) => row.map(text));
  const width = (text: string) => [...text].length;
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => width(row[column] ?? ""))));
  const line = (row: readonly string[]) =>
    `| ${widths.map((w, column) => (row[column] ?? "") + " ".repeat(w - width(row[column] ?? ""))).join(" | ")} |`;
  const [head, ...body] = cells;
  return [line(head ?? []), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)].join(
    "\n",
  );
}

/** A ratio as a percentage, e.g. `0.493` → `"49 %"`. */
export const percent = (ratio: number): string => `${Math.round(ratio * 100)} %`;
