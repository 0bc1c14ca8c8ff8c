import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Admin, ProduceAcks, Producer, stringSerializers } from "@platformatic/kafka";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../infra/stack/config.ts";
import { silentReport } from "../../../infra/stack/report.ts";
import { serviceDir } from "../../../infra/stack/service.ts";
import { bootstrapServersOf, ensureTopics } from "../../../infra/stack/services/kafka.ts";
import {
  resolveSparkRuntime,
  SPARK_DIR,
  type SparkRuntime,
  sparkEnv,
  sparkQueryStatus,
} from "../../../infra/stack/services/spark.ts";
import { endOffsets, readBetween } from "../../support/kafka.ts";

const config = loadStackConfig();
const brokers = bootstrapServersOf(config);
const CASES = ["golden", "dedupe", "oversized", "restart"];
let runtime: SparkRuntime;
let work: string;

beforeAll(async () => {
  runtime = await resolveSparkRuntime(config, silentReport);
  work = await mkdtemp(join(tmpdir(), "spark-tests-"));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("spark job (pytest in the project's pyspark venv, against the stack's Kafka)", () => {
  it("turns golden raw records into the golden processed records, dead letters and stats; dedupes; cuts an oversized dead letter; resumes from its checkpoint", async () => {
    const prefix = `spark-test-${Date.now()}`;
    const admin = new Admin({ clientId: "spark-test", bootstrapBrokers: brokers });
    try {
      await ensureTopics(
        admin,
        CASES.flatMap((name) =>
          ["raw", "processed", "stats", "dlq"].map((kind) => ({
            name: `${prefix}.${name}.${kind}`,
            partitions: kind === "raw" ? 1 : 2,
          })),
        ),
      );
    } finally {
      await admin.close();
    }
    const result = await promisify(execFile)(
      join(runtime.venv, "bin", "python"),
      ["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
      {
        cwd: SPARK_DIR,
        env: {
          ...sparkEnv(config, runtime.venv),
          KAFKA_BOOTSTRAP_SERVERS: brokers.join(","),
          SPARK_TEST_JARS: runtime.jars.join(","),
          SPARK_TEST_TOPIC_PREFIX: prefix,
          SPARK_TEST_WORK_DIR: work,
        },
        timeout: 280_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(
        `pytest failed:\n${error.stdout ?? ""}\n${(error.stderr ?? error.message).slice(-4_000)}`,
      );
    });
    expect(result.stdout).toMatch(/7 passed/);
  }, 300_000);
});

describe("spark service (the job the stack runs)", () => {
  it("turns a record produced to users.raw into a users.processed record with the same key", async () => {
    const lines = (await readFile("test/fixtures/contract/users.raw.jsonl", "utf8"))
      .split("\n")
      .filter(Boolean);
    const userId = crypto.randomUUID();
    const record = JSON.parse(lines[0] as string);
    record.user_id = userId;
    record.user.login.uuid = userId;
    record.ingested_at = new Date().toISOString();
    const before = await endOffsets(brokers, "users.processed");
    const producer = new Producer({
      clientId: "spark-test",
      bootstrapBrokers: brokers,
      acks: ProduceAcks.ALL,
      serializers: stringSerializers,
    });
    try {
      await producer.send({ messages: [{ topic: "users.raw", key: userId, value: JSON.stringify(record) }] });
    } finally {
      await producer.close();
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const after = await endOffsets(brokers, "users.processed");
      const found = (await readBetween(brokers, "users.processed", before, after)).find(
        (message) => message.key === userId,
      );
      if (found) {
        expect(JSON.parse(found.value)).toMatchObject({ user_id: userId, full_name: "Jennie Nichols" });
        return;
      }
      if (Date.now() > deadline) throw new Error(`no users.processed record for ${userId} after 60s`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }, 90_000);

  it("reports the progress of the batch that processed it (status: rows/s, batch duration)", async () => {
    const dir = serviceDir(config, "spark");
    const deadline = Date.now() + 15_000;
    let status = await sparkQueryStatus(dir);
    while (status.batchId < 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = await sparkQueryStatus(dir);
    }
    expect(status.query).toBe("users");
    expect(status.batchId).toBeGreaterThanOrEqual(0);
    expect(status.batchDurationMs).toBeGreaterThan(0);
    expect(status.inputRowsPerSecond).toBeGreaterThanOrEqual(0);
    expect(status.processedRowsPerSecond).toBeGreaterThanOrEqual(0);
  });
});
