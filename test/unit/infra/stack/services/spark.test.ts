import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../../infra/stack/config.ts";
import {
  spark,
  sparkArtifacts,
  sparkConf,
  sparkJobArgs,
  sparkQueryStatus,
  sparkSubmit,
} from "../../../../../infra/stack/services/spark.ts";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "spark-unit-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeProgress(query: string, document: unknown, ageMs = 0): Promise<void> {
  const file = join(dir, "progress", `${query}.json`);
  await mkdir(join(dir, "progress"), { recursive: true });
  await writeFile(file, JSON.stringify(document));
  const at = new Date(Date.now() - ageMs);
  await utimes(file, at, at);
}

const progress = {
  batchId: 7,
  timestamp: "2026-01-01T00:00:00.000Z",
  numInputRows: 500,
  inputRowsPerSecond: 250.5,
  processedRowsPerSecond: 1000,
  durationMs: { triggerExecution: 480 },
};

describe("spark config", () => {
  it("defaults to Spark 4.2.0 on local[2], a 1 s trigger, 4 shuffle partitions and the UI on 4040", () => {
    expect(loadStackConfig({}).spark).toEqual({
      version: "4.2.0",
      master: "local[2]",
      triggerIntervalMs: 1000,
      shufflePartitions: 4,
      driverMemoryMb: 768,
      uiPort: 4040,
    });
  });

  it("accepts any spark:// master and rejects other masters and Spark 3", () => {
    expect(loadStackConfig({ STACK_SPARK_MASTER: "spark://10.0.0.1:7077" }).spark.master).toBe(
      "spark://10.0.0.1:7077",
    );
    expect(() => loadStackConfig({ STACK_SPARK_MASTER: "yarn" })).toThrow(/STACK_SPARK_MASTER/);
    expect(() => loadStackConfig({ STACK_SPARK_VERSION: "3.5.1" })).toThrow(/STACK_SPARK_VERSION/);
  });
});

describe("spark service", () => {
  it("pins pyspark and the Kafka connector to the configured Spark version", () => {
    const { python, jars } = sparkArtifacts(loadStackConfig({ STACK_SPARK_VERSION: "4.0.1" }));
    expect(python.requirements).toContain("pyspark==4.0.1");
    expect(jars.artifacts.map((a) => `${a.artifactId}:${a.version}`)).toEqual([
      "spark-sql-kafka-0-10_2.13:4.0.1",
      "spark-token-provider-kafka-0-10_2.13:4.0.1",
    ]);
  });

  it("submits the job with the configured master, memory, jars and loopback-only conf", () => {
    const config = loadStackConfig({ STACK_SPARK_UI_PORT: "34040", STACK_KAFKA_PORT: "19092" });
    const launch = sparkSubmit(
      config,
      { venv: "/venv", jars: ["/a.jar", "/b.jar"] },
      sparkJobArgs(config, dir),
    );
    expect(launch.command).toBe("/venv/bin/spark-submit");
    const args = launch.args.join(" ");
    expect(args).toContain("--master local[2]");
    expect(args).toContain("--driver-memory 768m");
    expect(args).toContain("--jars /a.jar,/b.jar");
    expect(args).toContain("--conf spark.driver.bindAddress=127.0.0.1");
    expect(args).toContain("--conf spark.ui.port=34040");
    expect(args).toMatch(/spark\/users_stream\/main\.py --bootstrap-servers 127\.0\.0\.1:19092 /);
    expect(args).toContain(`--checkpoint-dir ${join(dir, "checkpoints")}`);
    expect(args).toContain("--trigger-interval-ms 1000");
    expect(launch.env?.JAVA_HOME).toBe(config.java17Home);
    expect(launch.env?.SPARK_HOME).toBeUndefined();
    expect(spark.ports(config)).toEqual([34040]);
  });

  it("turns the UI off with port 0", () => {
    const config = loadStackConfig({ STACK_SPARK_UI_PORT: "0" });
    expect(sparkConf(config)["spark.ui.enabled"]).toBe("false");
    expect(sparkConf(config)).toMatchObject({
      "spark.scheduler.mode": "FAIR",
      "spark.scheduler.allocation.file": expect.stringMatching(/\/spark\/fairscheduler\.xml$/),
    });
    expect(spark.ports(config)).toEqual([]);
  });

  it("reads input rows/s, processed rows/s and batch duration from the last progress", async () => {
    await writeProgress("users", { state: "active", progress });
    await expect(sparkQueryStatus(dir)).resolves.toEqual({
      query: "users",
      batchId: 7,
      timestamp: "2026-01-01T00:00:00.000Z",
      inputRowsPerSecond: 250.5,
      processedRowsPerSecond: 1000,
      batchDurationMs: 480,
      numInputRows: 500,
      idleSince: null,
    });
  });

  it("counts an idle query (caught up after a restart) as active", async () => {
    await writeProgress("users", { state: "active", progress: null, idleSince: "2026-01-01T00:00:05.000Z" });
    await expect(sparkQueryStatus(dir)).resolves.toMatchObject({
      batchId: -1,
      inputRowsPerSecond: 0,
      idleSince: "2026-01-01T00:00:05.000Z",
    });
  });

  it("is not ready before any progress, after termination, or when progress is stale", async () => {
    const context = { config: loadStackConfig({}), dir, report: () => {} };
    await expect(spark.probe(context)).rejects.toThrow();
    await writeProgress("users", { state: "started", progress: null });
    await expect(spark.probe(context)).rejects.toThrow(/started/);
    await writeProgress("users", { state: "terminated", exception: "boom", progress: null });
    await expect(spark.probe(context)).rejects.toThrow(/terminated: boom/);
    await writeProgress("users", { state: "active", progress }, 120_000);
    await expect(spark.probe(context)).rejects.toThrow(/no progress/);
    await writeProgress("users", { state: "active", progress });
    await expect(spark.probe(context)).resolves.toBeUndefined();
  });
});
