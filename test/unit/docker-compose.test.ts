import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadStackConfig } from "../../infra/stack/config.ts";
import { pipelineTopics } from "../../infra/stack/services/kafka-topics.ts";

interface ComposeService {
  image: string;
  ports?: string[];
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
}

const config = loadStackConfig({});
// `merge`: the Airflow services share their settings through a `<<: *airflow-common` merge key.
const compose = parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = Object.entries(compose.services);

describe("docker-compose.yml", () => {
  it("passes docker-compose's own validation", () => {
    // Throws with docker-compose's message when the file is invalid.
    execFileSync("docker-compose", ["-f", "docker-compose.yml", "config", "-q"], { stdio: "pipe" });
  });

  it("pins every image to a version tag", () => {
    for (const [, service] of services) {
      // PostgreSQL's releases have two parts (17.6); every other image's have three.
      expect(service.image).toMatch(service.image.startsWith("postgres:") ? /:\d+\.\d+$/ : /:\d+\.\d+\.\d+$/);
    }
  });

  it("runs the native stack's versions", () => {
    expect(compose.services.kafka?.image).toBe(`apache/kafka:${config.kafka.version}`);
    expect(compose.services.cassandra?.image).toBe(`cassandra:${config.cassandra.version}`);
    for (const name of ["airflow-api-server", "airflow-scheduler", "airflow-dag-processor"]) {
      expect(compose.services[name]?.image).toBe(`apache/airflow:${config.airflow.version}`);
    }
  });

  it("publishes ports on loopback only, on the native stack's ports", () => {
    const published = services.flatMap(([, service]) => service.ports ?? []);
    expect(published.every((port) => port.startsWith("127.0.0.1:"))).toBe(true);
    expect(published).toEqual(
      expect.arrayContaining([
        `127.0.0.1:${config.kafka.port}:9092`,
        `127.0.0.1:${config.cassandra.port}:9042`,
        `127.0.0.1:${config.moto.port}:4566`,
        `127.0.0.1:${config.airflow.port}:8080`,
      ]),
    );
  });

  it("health-checks every long-running service and waits on health before provisioning", () => {
    for (const [, service] of services.filter(([, s]) => s.ports)) expect(service.healthcheck).toBeDefined();
    for (const [, service] of services.filter(([, s]) => s.depends_on)) {
      for (const dependency of Object.values(service.depends_on ?? {})) {
        expect(dependency.condition).toBe("service_healthy");
      }
    }
  });

  it("creates the same topics as the native stack", () => {
    const script = readFileSync("infra/kafka/create-topics.sh", "utf8");
    const created = [...script.matchAll(/^create (\S+) /gm)].map((match) => match[1]);
    expect(created).toEqual(pipelineTopics(config).map((topic) => topic.name));
  });
});
