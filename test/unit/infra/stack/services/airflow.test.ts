import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../../infra/stack/config.ts";
import { StackConfigError } from "../../../../../infra/stack/errors.ts";
import { silentReport } from "../../../../../infra/stack/report.ts";
import {
  airflow,
  airflowEnvOf,
  airflowPaths,
  airflowUrlOf,
  awsConnectionOf,
  pinnedVersion,
  resolveAirflowEnv,
} from "../../../../../infra/stack/services/airflow.ts";

/** What the fake API server answers: the health body, and the status of GET /api/v2/dags. */
let health: Record<string, { status: string | null }>;
let dagsStatus: number;
let server: Server;
let port: number;

const healthy = () => ({
  metadatabase: { status: "healthy" },
  scheduler: { status: "healthy" },
  triggerer: { status: null },
  dag_processor: { status: "healthy" },
});

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/api/v2/monitor/health") {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(health));
    } else if (request.url?.startsWith("/api/v2/dags")) {
      response.writeHead(dagsStatus, { "content-type": "application/json" }).end('{"dags":[]}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const contextOn = (p: number) => ({
  config: loadStackConfig({ STACK_AIRFLOW_PORT: String(p) }),
  dir: "/nowhere",
  report: silentReport,
});

describe("airflow service", () => {
  it("serves on STACK_AIRFLOW_PORT, 8080 by default, and pins Airflow 3", () => {
    const config = loadStackConfig({});
    expect(airflow.ports(config)).toEqual([8080]);
    expect(config.airflow.version).toMatch(/^3\.\d+\.\d+$/);
    expect(airflowUrlOf(loadStackConfig({ STACK_AIRFLOW_PORT: "18080" }))).toBe("http://127.0.0.1:18080");
    expect(() => loadStackConfig({ STACK_AIRFLOW_VERSION: "2.11.0" })).toThrow(StackConfigError);
  });

  it("reaches Lambda at serverless-offline's port and everything else at the AWS endpoint, with test credentials", () => {
    const config = loadStackConfig({ STACK_FUNCTIONS_LAMBDA_PORT: "13002", STACK_MOTO_PORT: "14566" });
    expect(awsConnectionOf(config)).toEqual({
      conn_type: "aws",
      login: "test",
      password: "test",
      extra: {
        region_name: "us-east-1",
        endpoint_url: "http://127.0.0.1:14566",
        service_config: { lambda: { endpoint_url: "http://127.0.0.1:13002" } },
      },
    });
  });

  it("configures every Airflow process: SQLite home, the repo's DAGs, loopback API, the connection by env", () => {
    const config = loadStackConfig({ STACK_AIRFLOW_PORT: "18080" });
    const env = airflowEnvOf(config, "/state/airflow");
    expect(env).toMatchObject({
      AIRFLOW_HOME: "/state/airflow",
      AIRFLOW__CORE__DAGS_FOLDER: airflowPaths.dags,
      AIRFLOW__CORE__LOAD_EXAMPLES: "False",
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: "http://127.0.0.1:18080/execution/",
      AIRFLOW__API__HOST: "127.0.0.1",
      AIRFLOW__API__PORT: "18080",
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS: "True",
    });
    expect(JSON.parse(env.AIRFLOW_CONN_AWS_DEFAULT ?? "")).toEqual(awsConnectionOf(config));
    expect(env.INGEST_FUNCTION_NAME).toBe(
      process.env.INGEST_FUNCTION_NAME ?? "realtime-data-streaming-local-ingest",
    );
    expect(airflowPaths.dags).toMatch(/\/airflow\/dags$/);
  });

  it("installs exactly the version the committed constraints pin, with the Amazon provider", () => {
    const constraints = readFileSync(airflowPaths.constraints, "utf8");
    expect(pinnedVersion(constraints, "apache-airflow")).toBe(loadStackConfig({}).airflow.version);
    expect(pinnedVersion(constraints, "apache-airflow-providers-amazon")).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pinnedVersion("Foo==1.2\nbar==3\n", "foo")).toBe("1.2");
    expect(pinnedVersion("foo==1.2\n", "bar")).toBeNull();
  });

  it("refuses a version other than the constraints' before installing anything", async () => {
    const config = loadStackConfig({ STACK_AIRFLOW_VERSION: "3.0.0", STACK_CACHE_DIR: "/nowhere" });
    await expect(resolveAirflowEnv(config, silentReport)).rejects.toThrow(/constraints.*pins apache-airflow/);
  });

  it("is ready when the metadata DB, scheduler and DAG processor are healthy and the API answers", async () => {
    health = healthy();
    dagsStatus = 200;
    await expect(airflow.probe(contextOn(port))).resolves.toBeUndefined();
  });

  it("is not ready while a component is unhealthy, or when the API refuses", async () => {
    health = { ...healthy(), scheduler: { status: "unhealthy" } };
    dagsStatus = 200;
    await expect(airflow.probe(contextOn(port))).rejects.toThrow(/scheduler unhealthy/);
    health = { ...healthy(), dag_processor: { status: null } };
    await expect(airflow.probe(contextOn(port))).rejects.toThrow(/dag_processor null/);
    health = healthy();
    dagsStatus = 403;
    await expect(airflow.probe(contextOn(port))).rejects.toThrow(/403/);
  });

  it("is not ready when nothing answers", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(airflow.probe(contextOn(freePort))).rejects.toThrow();
  });
});
