import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadStackConfig } from "../../infra/stack/config.ts";
import { pipelineTopics } from "../../infra/stack/services/kafka-topics.ts";
import { sparkArtifacts } from "../../infra/stack/services/spark.ts";

interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
}

const config = loadStackConfig({});
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as {
  devDependencies: Record<string, string>;
};
// `merge`: services share settings through `<<: *airflow-common` and `<<: *node-common` merge keys.
const compose = parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
};
const services = Object.entries(compose.services);
const service = (name: string): ComposeService => {
  const found = compose.services[name];
  if (!found) throw new Error(`no service ${name} in docker-compose.yml`);
  return found;
};
/** Services that provision something and exit: the ones others wait on with service_completed_successfully. */
const oneShot = ["kafka-topics", "cassandra-schema", "node-deps"];
const sparkDockerfile = readFileSync("docker/spark.Dockerfile", "utf8");

describe("docker-compose.yml", () => {
  it("passes docker-compose's own validation", () => {
    // Throws with docker-compose's message when the file is invalid.
    execFileSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], { stdio: "pipe" });
  });

  it("pins every image to a version tag", () => {
    for (const [, { image }] of services) {
      // PostgreSQL's releases have two parts (17.6); every other image's have three.
      expect(image).toMatch(image.startsWith("postgres:") ? /:\d+\.\d+$/ : /:\d+\.\d+\.\d+$/);
    }
    const base = /^FROM (\S+)$/m.exec(sparkDockerfile)?.[1];
    expect(base).toMatch(/:\d+\.\d+\.\d+-[\w.-]+$/);
    expect(readFileSync("docker-compose.yml", "utf8")).not.toMatch(/:latest\b/);
  });

  it("runs the native stack's versions", () => {
    expect(service("kafka").image).toBe(`apache/kafka:${config.kafka.version}`);
    expect(service("cassandra").image).toBe(`cassandra:${config.cassandra.version}`);
    for (const name of ["airflow-api-server", "airflow-scheduler", "airflow-dag-processor"]) {
      expect(service(name).image).toBe(`apache/airflow:${config.airflow.version}`);
    }
    // The Node services run the Node that package.json installs for the native stack.
    for (const name of ["node-deps", "source", "functions"]) {
      expect(service(name).image).toBe(`node:${packageJson.devDependencies.node}`);
    }
  });

  it("builds Spark from the official image of the native version, with the native connector jars", () => {
    const { version } = config.spark;
    expect(service("spark").build).toEqual({ context: "docker", dockerfile: "spark.Dockerfile" });
    expect(service("spark").image).toBe(`realtime-data-streaming/spark:${version}`);
    expect(sparkDockerfile).toMatch(
      new RegExp(`^FROM apache/spark:${version}-scala2\\.13-java17-python3-ubuntu$`, "m"),
    );
    for (const { groupId, artifactId } of sparkArtifacts(config).jars.artifacts) {
      const jar = `${artifactId}-${version}.jar`;
      expect(sparkDockerfile).toContain(`${groupId.replaceAll(".", "/")}/${artifactId}/${version} ${jar}`);
    }
    // Every downloaded jar is checked against a SHA-256.
    const fetched = [...sparkDockerfile.matchAll(/fetch \S+ (\S+\.jar) \\\n\s+([0-9a-f]{64});/g)];
    expect(fetched.map((match) => match[1])).toEqual([
      `spark-sql-kafka-0-10_2.13-${version}.jar`,
      `spark-token-provider-kafka-0-10_2.13-${version}.jar`,
      expect.stringMatching(/^kafka-clients-\d+\.\d+\.\d+\.jar$/),
      expect.stringMatching(/^commons-pool2-\d+\.\d+\.\d+\.jar$/),
    ]);
  });

  it("runs the Spark job with the native stack's settings and arguments", () => {
    const command = service("spark").command?.join(" ") ?? "";
    const { master, driverMemoryMb, shufflePartitions, triggerIntervalMs, uiPort } = config.spark;
    expect(command).toContain(`--master "${master}"`);
    expect(command).toContain(`--driver-memory ${driverMemoryMb}m`);
    expect(command).toContain(`--conf spark.sql.shuffle.partitions=${shufflePartitions}`);
    expect(command).toContain(`--conf spark.ui.port=${uiPort}`);
    expect(command).toContain("--conf spark.sql.session.timeZone=UTC");
    expect(command).toContain(
      "--conf spark.scheduler.mode=FAIR --conf spark.scheduler.allocation.file=/app/spark/fairscheduler.xml",
    );
    expect(command).toContain("/app/spark/users_stream/main.py --bootstrap-servers kafka:29092");
    expect(command).toContain(`--trigger-interval-ms ${triggerIntervalMs}`);
    for (const flag of ["--checkpoint-dir /data/", "--progress-dir /data/"]) expect(command).toContain(flag);
  });

  it("points the functions and Airflow at the other services by name", () => {
    expect(service("functions").command).toEqual([
      "node",
      "node_modules/serverless/bin/serverless.js",
      "offline",
      "start",
    ]);
    expect(service("functions").environment).toMatchObject({
      OFFLINE_HOST: "0.0.0.0",
      LAMBDA_PORT: "3002",
      KAFKA_BOOTSTRAP_SERVERS: "kafka:29092",
      CASSANDRA_CONTACT_POINTS: "cassandra:9042",
      SOURCE_URL: "http://source:3100/api/",
      AWS_ENDPOINT_URL: "http://aws:4566",
    });
    const connection = JSON.parse(service("airflow-scheduler").environment?.AIRFLOW_CONN_AWS_DEFAULT ?? "{}");
    expect(connection.extra.service_config.lambda.endpoint_url).toBe("http://functions:3002");
    expect(connection.extra.endpoint_url).toBe("http://aws:4566");
  });

  it("publishes ports on loopback only, on the native stack's ports", () => {
    const published = services.flatMap(([, s]) => s.ports ?? []);
    expect(published.every((port) => port.startsWith("127.0.0.1:"))).toBe(true);
    expect(published.toSorted()).toEqual(
      [
        `127.0.0.1:${config.kafka.port}:9092`,
        `127.0.0.1:${config.cassandra.port}:9042`,
        `127.0.0.1:${config.moto.port}:4566`,
        `127.0.0.1:${config.source.port}:3100`,
        `127.0.0.1:${config.functions.lambdaPort}:3002`,
        `127.0.0.1:${config.functions.httpPort}:3000`,
        `127.0.0.1:${config.spark.uiPort}:4040`,
        `127.0.0.1:${config.airflow.port}:8080`,
      ].toSorted(),
    );
  });

  it("health-checks every long-running service and waits on health or completion", () => {
    for (const [name, s] of services) {
      if (oneShot.includes(name)) {
        expect(s.healthcheck, name).toBeUndefined();
        expect(s.restart, name).toBe("on-failure");
      } else {
        expect(s.healthcheck?.test.length, name).toBeGreaterThan(1);
      }
      for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {})) {
        expect(condition, `${name} → ${dependency}`).toBe(
          oneShot.includes(dependency) ? "service_completed_successfully" : "service_healthy",
        );
      }
    }
  });

  it("keeps data and dependencies in named volumes, all declared", () => {
    const named = services.flatMap(([, s]) =>
      (s.volumes ?? []).map((volume) => volume.split(":")[0] ?? "").filter((source) => !/^[./]/.test(source)),
    );
    expect(new Set(named)).toEqual(new Set(Object.keys(compose.volumes)));
    for (const [name, volume] of [
      ["kafka", "kafka-data:"],
      ["cassandra", "cassandra-data:"],
      ["airflow-postgres", "airflow-postgres-data:"],
      ["spark", "spark-data:/data"],
      ["functions", "node-modules:/app/node_modules"],
    ] as const) {
      expect(
        service(name).volumes?.some((v) => v.startsWith(volume)),
        name,
      ).toBe(true);
    }
  });

  it("creates the same topics as the native stack", () => {
    const script = readFileSync("infra/kafka/create-topics.sh", "utf8");
    const created = [...script.matchAll(/^create (\S+) /gm)].map((match) => match[1]);
    expect(created).toEqual(pipelineTopics(config).map((topic) => topic.name));
  });
});
