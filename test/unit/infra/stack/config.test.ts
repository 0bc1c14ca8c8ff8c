import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configEnvVars, loadStackConfig } from "../../../../infra/stack/config.ts";
import { StackConfigError } from "../../../../infra/stack/errors.ts";

describe("loadStackConfig", () => {
  it("gives loopback-friendly defaults without any environment", () => {
    const config = loadStackConfig({});
    expect(config.kafka.port).toBe(9092);
    expect(config.cassandra.port).toBe(9042);
    expect(config.moto.port).toBe(4566);
    expect(config.kafka.partitions).toEqual({ raw: 6, processed: 6, stats: 2, dlq: 1 });
    expect(config.cacheDir).toMatch(/realtime-data-streaming$/);
  });

  it("overrides nested leaves from STACK_* variables and coerces numbers", () => {
    const config = loadStackConfig({
      STACK_KAFKA_PORT: "19092",
      STACK_KAFKA_PARTITIONS_RAW: "3",
      STACK_CASSANDRA_HEAP_MB: "2048",
      STACK_STATE_DIR: "/tmp/somewhere",
      PATH: "/usr/bin",
    });
    expect(config.kafka.port).toBe(19092);
    expect(config.kafka.partitions.raw).toBe(3);
    expect(config.kafka.partitions.processed).toBe(6);
    expect(config.cassandra.heapMb).toBe(2048);
    expect(config.stateDir).toBe("/tmp/somewhere");
  });

  it("rejects unknown STACK_* variables, naming them", () => {
    expect(() => loadStackConfig({ STACK_KAFKA_PROT: "1" })).toThrow(StackConfigError);
    expect(() => loadStackConfig({ STACK_KAFKA_PROT: "1" })).toThrow(/STACK_KAFKA_PROT/);
  });

  it("rejects invalid values, naming the variable to fix", () => {
    expect(() => loadStackConfig({ STACK_MOTO_PORT: "70000" })).toThrow(/STACK_MOTO_PORT/);
    expect(() => loadStackConfig({ STACK_KAFKA_VERSION: "3.9.0" })).toThrow(/STACK_KAFKA_VERSION: Kafka 4.x/);
    expect(() => loadStackConfig({ STACK_CASSANDRA_HEAP_MB: "lots" })).toThrow(/STACK_CASSANDRA_HEAP_MB/);
  });

  it("lists one environment variable per leaf", () => {
    const names = configEnvVars.map((leaf) => leaf.env);
    expect(names).toContain("STACK_KAFKA_PARTITIONS_DLQ");
    expect(names).toContain("STACK_JAVA17_HOME");
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("README configuration reference", () => {
  it("documents every STACK_* variable", () => {
    const readme = readFileSync("README.md", "utf8");
    const missing = configEnvVars
      .map((leaf) => leaf.env)
      .filter((name) => !new RegExp(`^\\|\\s*\`${name}\`\\s*\\|`, "m").test(readme));
    expect(missing).toEqual([]);
  });
});
