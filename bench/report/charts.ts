/** One series of a chart: drawn as bars or as a line. */
export interface Series {
  readonly kind: "bar" | "line";
  readonly values: readonly number[];
}

const label = (text: string) => `"${text.replaceAll('"', "'")}"`;

/**
 * A Mermaid `xychart-beta` block (GitHub renders it): one x label per value, y from 0 to a rounded-up maximum.
 * Mermaid draws no legend, so the caption should name the series in order.
 *
 * @example
 * xyChart({ title: "Throughput", x: ["500", "1000"], yTitle: "users/s", series: [{ kind: "line", values: [500, 990] }] });
 */
export function xyChart(chart: {
  title: string;
  x: readonly string[];
  xTitle?: string;
  yTitle: string;
  series: readonly Series[];
}): string {
  const max = Math.max(1, ...chart.series.flatMap((series) => series.values.filter(Number.isFinite)));
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const top = Math.ceil((max * 1.05) / magnitude) * magnitude;
  const values = (series: Series) =>
    `[${series.values.map((value) => (Number.isFinite(value) ? String(Math.round(value * 100) / 100) : "0")).join(", ")}]`;
  return [
    "```mermaid",
    "xychart-beta",
    `  title ${label(chart.title)}`,
    `  x-axis ${chart.xTitle ? `${label(chart.xTitle)} ` : ""}[${chart.x.map(label).join(", ")}]`,
    `  y-axis ${label(chart.yTitle)} 0 --> ${top}`,
    ...chart.series.map((series) => `  ${series.kind} ${values(series)}`),
    "```",
  ].join("\n");
}
