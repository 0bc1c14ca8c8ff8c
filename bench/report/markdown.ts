import { xyChart } from "./charts.ts";
import { SEED_CLAIM_REQUESTS_PER_MINUTE } from "./goals.ts";
import { stageRatios } from "./ratios.ts";
import type { BenchResult } from "./result.ts";
import { percent, table } from "./table.ts";

const seconds = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : "n/a");
const mark = (met: boolean | null) => (met === null ? "not measured" : met ? "met" : "missed");

function machineSection(result: BenchResult): string {
  const m = result.machine;
  return [
    "## Machine",
    "",
    table(
      ["fact", "value"],
      [
        ["cores", m.cores],
        ["CPU", m.cpuModel],
        ["memory", `${m.memoryGiB} GiB`],
        ["kernel", m.kernel],
        ["Node", m.node],
        ["Kafka / Cassandra / Spark", `${m.versions.kafka} / ${m.versions.cassandra} / ${m.versions.spark}`],
        ["cassandra-driver", m.versions.cassandraDriver],
        ["Spark master", m.sparkMaster],
        ["commit", m.gitCommit ?? "unknown"],
        ["load average at start (1/5/15 min)", m.loadAverage.start.join(" / ")],
        ["load average at end (1/5/15 min)", m.loadAverage.end.join(" / ")],
      ],
    ),
  ].join("\n");
}

function ceilingsSection(result: BenchResult): string {
  const { kafka, cassandra } = result.ceilings;
  const rows: (string | number)[][] = [];
  if (kafka) {
    rows.push([
      "Kafka produce",
      `${kafka.produceRecordsPerSecond.toLocaleString("en-US")} records/s`,
      `${kafka.recordBytes} B records, ${kafka.produceMegabytesPerSecond} MB/s, ${kafka.partitions} partitions, acks=all`,
    ]);
    rows.push([
      "Kafka consume",
      `${kafka.consumeRecordsPerSecond.toLocaleString("en-US")} records/s`,
      `${kafka.consumeMegabytesPerSecond} MB/s, plain consumer`,
    ]);
  }
  if (cassandra) {
    rows.push([
      "Cassandra, executeConcurrent",
      `${cassandra.executeConcurrentUsersPerSecond.toLocaleString("en-US")} users/s`,
      "2 upserts per user, 64 in flight",
    ]);
    rows.push([
      "Cassandra, unlogged batches",
      `${cassandra.unloggedBatchUsersPerSecond.toLocaleString("en-US")} users/s`,
      "users_by_country rows 50 per batch",
    ]);
  }
  return [
    "## Raw ceilings",
    "",
    rows.length ? table(["ceiling", "rate", "how"], rows) : "Not measured.",
  ].join("\n");
}

function stagesSection(result: BenchResult): string {
  const parts = ["## Stages"];
  const { source, ingest, mapping, spark, sink } = result.stages;
  if (source) {
    parts.push(
      "",
      "### Random User source vs a trivial HTTP server",
      "",
      table(
        ["users/page", "req/s", "users/s", "p99 ms", "ceiling req/s", "ratio (req/s)"],
        source.map((s) => [
          s.results,
          s.source.requestsPerSecond,
          s.source.usersPerSecond,
          s.source.p99Ms,
          s.ceiling.requestsPerSecond,
          percent(s.ratioToCeiling.requestsPerSecond),
        ]),
      ),
    );
  }
  if (ingest) {
    parts.push(
      "",
      "### source → ingest → Kafka",
      "",
      table(
        ["users/page", "concurrency", "users", "users/s", "requests/s", "requests/min", "of Kafka produce"],
        ingest.map((r) => [
          r.resultsPerRequest,
          r.concurrency,
          r.users,
          r.usersPerSecond,
          r.requestsPerSecond,
          r.requestsPerMinute,
          percent(r.ratioToKafkaProduceCeiling),
        ]),
      ),
    );
  }
  if (mapping) {
    parts.push(
      "",
      "### Kafka → mapping → no-op function",
      "",
      table(
        [
          "batch size",
          "records",
          "invocations",
          "records/s",
          "after start",
          "CPU s / 100k",
          "of Kafka consume",
        ],
        mapping.map((r) => [
          r.batchSize,
          r.records,
          r.invocations,
          r.recordsPerSecond,
          r.recordsPerSecondAfterStart,
          r.cpuSecondsPer100k,
          percent(r.ratioToKafkaConsumeCeiling),
        ]),
      ),
    );
  }
  if (spark) {
    const l = spark.steady.latencyMs;
    parts.push(
      "",
      "### Spark",
      "",
      `Steady ${spark.steady.inputRecordsPerSecond} records/s: latency users.raw → users.processed p50 ${seconds(l.p50)} s, ` +
        `p95 ${seconds(l.p95)} s, p99 ${seconds(l.p99)} s (${l.samples} records). Burst of ${spark.burst.records}: ` +
        `drained in ${spark.burst.drainSeconds} s, ${spark.burst.processedPerSecond.toLocaleString("en-US")} records/s ` +
        `(${percent(spark.ratioToKafkaConsumeCeiling)} of Kafka consume).`,
      "",
      "Where a micro-batch's time goes (mean ms per phase, Spark's `durationMs`):",
      "",
      table(
        [
          "query",
          "batches",
          "rows/batch",
          ...new Set(spark.profile.flatMap((p) => Object.keys(p.meanDurationMs))),
        ],
        spark.profile.map((p) => {
          const phases = [...new Set(spark.profile.flatMap((q) => Object.keys(q.meanDurationMs)))];
          return [
            p.query,
            p.batches,
            p.meanInputRows,
            ...phases.map((phase) => p.meanDurationMs[phase] ?? ""),
          ];
        }),
      ),
    );
  }
  if (sink) {
    parts.push(
      "",
      "### mapping → sink → Cassandra",
      "",
      table(
        ["users", "writer direct users/s", "through the mapping users/s", "of Cassandra ceiling"],
        [
          [
            sink.users,
            sink.writerUsersPerSecond,
            sink.throughMappingUsersPerSecond,
            percent(sink.ratioToCeiling),
          ],
        ],
      ),
    );
  }
  const ratios = stageRatios(result);
  if (ratios.length) {
    parts.push(
      "",
      "### Each stage as a ratio of its ceiling",
      "",
      table(
        ["stage", "figure", "ceiling", "ratio"],
        ratios.map((r) => [
          r.stage,
          `${Math.round(r.figure).toLocaleString("en-US")} ${r.unit}`,
          `${r.ceiling}: ${Math.round(r.ceilingFigure).toLocaleString("en-US")}`,
          percent(r.ratio),
        ]),
      ),
      "",
      xyChart({
        title: "Each stage as % of its ceiling",
        x: ratios.map((r) => r.stage),
        yTitle: "% of ceiling",
        series: [{ kind: "bar", values: ratios.map((r) => r.ratio * 100) }],
      }),
    );
  }
  return parts.join("\n");
}

function endToEndSection(result: BenchResult): string {
  const e2e = result.endToEnd;
  if (!e2e) return "## End to end\n\nNot measured.";
  const x = e2e.steps.map((s) => String(s.offeredUsersPerSecond));
  return [
    "## End to end (source → Cassandra, ingest driven through the Lambda Invoke API)",
    "",
    `Sustained: **${e2e.sustainedUsersPerSecond.toLocaleString("en-US")} users/s**` +
      (e2e.latencyAtSustainedMs
        ? ` with latency (ingest → row visible in Cassandra) p50 ${seconds(e2e.latencyAtSustainedMs.p50)} s, p95 ${seconds(e2e.latencyAtSustainedMs.p95)} s, p99 ${seconds(e2e.latencyAtSustainedMs.p99)} s.`
        : "."),
    "",
    table(
      [
        "offered users/s",
        "ingested/s",
        "stored/s",
        "lag at end",
        "lag growth/s",
        "sustained",
        "p50 s",
        "p95 s",
        "p99 s",
        "samples",
      ],
      e2e.steps.map((s) => [
        s.offeredUsersPerSecond,
        s.ingestedUsersPerSecond,
        s.storedUsersPerSecond,
        s.lagAtEnd,
        s.lagGrowthPerSecond,
        s.sustained ? "yes" : "no",
        seconds(s.latencyMs.p50),
        seconds(s.latencyMs.p95),
        seconds(s.latencyMs.p99),
        `${s.latencyMs.samples} (+${s.unseenSamples} unseen)`,
      ]),
    ),
    "",
    "Throughput against offered load (lines: offered, ingested, stored; users/s):",
    "",
    xyChart({
      title: "Throughput vs offered load",
      x,
      xTitle: "offered users/s",
      yTitle: "users/s",
      series: [
        { kind: "line", values: e2e.steps.map((s) => s.offeredUsersPerSecond) },
        { kind: "line", values: e2e.steps.map((s) => s.ingestedUsersPerSecond) },
        { kind: "line", values: e2e.steps.map((s) => s.storedUsersPerSecond) },
      ],
    }),
    "",
    "Latency percentiles against offered load (bars: p99; lines: p50, p95, and the 5 s goal; seconds):",
    "",
    xyChart({
      title: "Ingest → visible in Cassandra",
      x,
      xTitle: "offered users/s",
      yTitle: "seconds",
      series: [
        { kind: "bar", values: e2e.steps.map((s) => s.latencyMs.p99 / 1000) },
        { kind: "line", values: e2e.steps.map((s) => s.latencyMs.p50 / 1000) },
        { kind: "line", values: e2e.steps.map((s) => s.latencyMs.p95 / 1000) },
        { kind: "line", values: e2e.steps.map(() => 5) },
      ],
    }),
  ].join("\n");
}

/**
 * The run's Markdown report: machine, goals, the seed's claim beside ours, ceilings, stages, end to end, charts.
 *
 * @example
 * await writeFile("bench/results/2026-11-25T17-00-00-000Z.md", markdownReport(result));
 */
export function markdownReport(result: BenchResult): string {
  const claim = result.seedClaim;
  return [
    `# Pipeline benchmark, ${result.startedAt}${result.quick ? " (quick)" : ""}`,
    "",
    `Run from ${result.startedAt} to ${result.finishedAt}. The machine may be shared: see the load average below.`,
    "",
    "## Goals",
    "",
    table(
      ["goal", "target", "measured", ""],
      result.goals.map((g) => [g.name, g.target, g.measured, mark(g.met)]),
    ),
    "",
    "## The seed project's claim beside ours",
    "",
    table(
      ["", "API requests per minute", "users per minute"],
      [
        ["seed project (claimed, never measured)", SEED_CLAIM_REQUESTS_PER_MINUTE, "—"],
        ["ours, ingest at 1 user/request", claim.oursRequestsPerMinute ?? "not measured", "—"],
        ["ours, end to end sustained", "—", claim.oursUsersPerMinute ?? "not measured"],
      ],
    ),
    "",
    machineSection(result),
    "",
    ceilingsSection(result),
    "",
    stagesSection(result),
    "",
    endToEndSection(result),
    ...(result.errors.length
      ? [
          "",
          "## Errors",
          "",
          table(
            ["stage", "error"],
            result.errors.map((e) => [e.stage, e.error.replaceAll("\n", " ")]),
          ),
        ]
      : []),
    "",
  ].join("\n");
}
