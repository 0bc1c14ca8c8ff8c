import { join } from "node:path";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { INGEST_FUNCTION, type InvokeOutcome, invokeRaw } from "../support/ingest-invoke.ts";
import { serviceStatus } from "../support/stack-control.ts";
import { freePort, REPO, runToEnd, startChild } from "./support/child.ts";
import { expectInvariant } from "./support/ledger.ts";
import { chaosContext, runScenario } from "./support/scenario.ts";

const ctx = chaosContext();

afterAll(() => ctx.close());

const INVALID_SERVICE = join(REPO, "test", "chaos", "fixtures", "invalid-mapping-service");
const SERVERLESS = join(REPO, "node_modules", "serverless", "bin", "serverless.js");

/** The environment the invalid service's serverless.yml reads (ports only matter under serverless-offline). */
function serviceEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CHAOS_LAMBDA_PORT: "1", CHAOS_HTTP_PORT: "2", CHAOS_WEBSOCKET_PORT: "3" };
}

/** Invalid ingest payloads, and the words the error must contain to name each problem. */
const BAD_PAYLOADS: { payload: string; names: RegExp[] }[] = [
  {
    payload: JSON.stringify({ users: 0, concurrency: 100 }),
    names: [/users: Too small/, /concurrency: Too big/],
  },
  { payload: JSON.stringify({ users: 10, userz: 10 }), names: [/Unrecognized key: "userz"/] },
  { payload: JSON.stringify({ users: "many" }), names: [/users: .*expected number/] },
  { payload: JSON.stringify({ users: 10, seed: "bad seed!" }), names: [/seed: letters, digits/] },
  { payload: JSON.stringify({ users: 10, sourceUrl: "ftp://example.com/" }), names: [/sourceUrl/] },
  { payload: JSON.stringify([1, 2]), names: [/expected object, received array/] },
];

describe("chaos: bad input at every edge", () => {
  it("invalid invoke payloads: each fails with InvalidPayloadError naming the field; the process keeps serving and the mapping keeps delivering", async () => {
    const before = await serviceStatus(ctx.config, "functions");
    const outcomes: InvokeOutcome[] = [];
    let notJson: InvokeOutcome | undefined;
    const result = await runScenario(ctx, {
      fault: "invalid invoke payloads",
      injected: `${BAD_PAYLOADS.length} invalid payloads and one that is not JSON sent to the running ingest, then a valid load`,
      users: 500,
      pageSize: 100,
      chunkUsers: 500,
      before: async () => {
        for (const bad of BAD_PAYLOADS)
          outcomes.push(await invokeRaw(ctx.lambda, INGEST_FUNCTION, bad.payload));
        notJson = await invokeRaw(ctx.lambda, INGEST_FUNCTION, "{not json");
      },
      inject: async () => ({ faultAt: Date.now(), healedAt: null }),
      notes: [
        "serverless-offline answers a payload that is not JSON with HTTP 500 `An internal server error " +
          "occurred` (AWS: 400 InvalidRequestContentException); the process keeps serving",
      ],
    });
    BAD_PAYLOADS.forEach((bad, i) => {
      const outcome = outcomes[i];
      expect(outcome?.kind, bad.payload).toBe("function-error");
      if (outcome?.kind !== "function-error") return;
      expect(outcome.errorType, bad.payload).toBe("InvalidPayloadError");
      for (const name of bad.names) expect(outcome.errorMessage, bad.payload).toMatch(name);
    });
    expect(notJson?.kind).not.toBe("ok");
    // Same process, still healthy, and the valid load went all the way to Cassandra.
    const after = await serviceStatus(ctx.config, "functions");
    expect({ pid: after.pid, healthy: after.healthy }).toEqual({ pid: before.pid, healthy: true });
    expectInvariant(result.ledger);
    expect(result.ledger.stored).toBe(500);
  });

  it("invalid mapping config: the engine refuses it naming every problem; serverless-offline keeps serving the function", async () => {
    const env = { ...serviceEnv(), CHAOS_BOOTSTRAP: ctx.brokers[0] };
    const standalone = await runToEnd(process.execPath, [join(REPO, "infra", "esm", "main.ts")], {
      env: { ...env, ESM_SERVICE_DIR: INVALID_SERVICE, LAMBDA_ENDPOINT: "http://127.0.0.1:1" },
    });
    expect(standalone.code, standalone.output).toBe(1);
    expect(standalone.output).toContain('"name":"MappingConfigError"');
    expect(standalone.output).toContain("custom.kafkaEventSourceMappings.echo.maximumRetryAttempts");
    expect(standalone.output).toContain(
      'custom.kafkaEventSourceMappings.echo: unknown key \\"bisectBatch\\"',
    );
    expect(standalone.output).toContain("functions.echo.events[0].kafka.onFailureDestination");

    const lambdaPort = await freePort();
    const offline = startChild(process.execPath, [SERVERLESS, "offline", "start"], {
      cwd: INVALID_SERVICE,
      env: {
        ...env,
        CHAOS_LAMBDA_PORT: String(lambdaPort),
        CHAOS_HTTP_PORT: String(await freePort()),
        CHAOS_WEBSOCKET_PORT: String(await freePort()),
      },
    });
    try {
      await offline.waitFor(/the kafka event source mappings are invalid/);
      expect(offline.output()).toContain("MappingConfigError");
      expect(offline.output()).toContain('unknown key \\"bisectBatch\\"');
      const lambda = new LambdaClient({
        endpoint: `http://127.0.0.1:${lambdaPort}`,
        region: "us-east-1",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        maxAttempts: 1,
      });
      const response = await lambda.send(
        new InvokeCommand({ FunctionName: "chaos-invalid-mapping-local-echo", Payload: '{"still":"here"}' }),
      );
      lambda.destroy();
      expect(JSON.parse(new TextDecoder().decode(response.Payload))).toEqual({ echo: { still: "here" } });
      expect(offline.process.exitCode).toBeNull();
    } finally {
      await offline.stop();
    }
  });

  // osls rejects this value itself and says why on stdout.
  it("invalid mapping config that osls itself rejects: the engine's error names the problem", async () => {
    const run = await runToEnd(process.execPath, [join(REPO, "infra", "esm", "main.ts")], {
      env: {
        ...serviceEnv(),
        CHAOS_BOOTSTRAP: ctx.brokers[0],
        CHAOS_STARTING_POSITION: "SOMEWHERE",
        ESM_SERVICE_DIR: INVALID_SERVICE,
        LAMBDA_ENDPOINT: "http://127.0.0.1:1",
      },
    });
    expect(run.code).toBe(1);
    expect(run.output).toContain("functions.echo.events.0.kafka.startingPosition");
  });

  it("invalid environment: STACK_*, the functions' and the engine's variables are each named; running services are untouched", async () => {
    const stackCli = join(REPO, "infra", "stack", "cli.ts");
    const tsx = ["--import", "tsx/esm"];
    const before = await serviceStatus(ctx.config, "functions");

    const unknown = await runToEnd(process.execPath, [...tsx, stackCli, "status"], {
      env: { ...process.env, STACK_KAFKA_PROT: "1" },
    });
    expect(unknown.code).not.toBe(0);
    expect(unknown.output).toMatch(/unknown environment variable\(s\) STACK_KAFKA_PROT/);

    const invalid = await runToEnd(process.execPath, [...tsx, stackCli, "status"], {
      env: { ...process.env, STACK_KAFKA_PORT: "ninety", STACK_CASSANDRA_HEAP_MB: "-1" },
    });
    expect(invalid.code).not.toBe(0);
    expect(invalid.output).toMatch(/STACK_KAFKA_PORT: /);
    expect(invalid.output).toMatch(/STACK_CASSANDRA_HEAP_MB: /);

    const coldStart = (handler: string, vars: Record<string, string>) =>
      runToEnd(
        process.execPath,
        [...tsx, "--input-type=module", "-e", `await import("./functions/${handler}")`],
        {
          env: { ...process.env, KAFKA_BOOTSTRAP_SERVERS: ctx.brokers.join(","), ...vars },
        },
      );
    const ingest = await coldStart("ingest/handler.ts", {
      INGEST_MAX_CONCURRENCY: "0",
      SOURCE_URL: "not a url",
    });
    expect(ingest.code).not.toBe(0);
    expect(ingest.output).toMatch(/ConfigurationError: invalid environment: .*INGEST_MAX_CONCURRENCY/);
    expect(ingest.output).toMatch(/SOURCE_URL/);
    const sink = await coldStart("sink/handler.ts", { SINK_WRITE_CONCURRENCY: "lots" });
    expect(sink.code).not.toBe(0);
    expect(sink.output).toMatch(/ConfigurationError: invalid environment: .*SINK_WRITE_CONCURRENCY/);

    const engine = await runToEnd(process.execPath, [join(REPO, "infra", "esm", "main.ts")], {
      env: { ...process.env, ESM_STATUS_INTERVAL_MS: "soon", ESM_LOG_LEVEL: "loud" },
    });
    expect(engine.code).toBe(1);
    expect(engine.output).toMatch(/EngineConfigError.*ESM_STATUS_INTERVAL_MS.*ESM_LOG_LEVEL/);

    // None of it touched the running stack.
    const after = await serviceStatus(ctx.config, "functions");
    expect({ pid: after.pid, healthy: after.healthy }).toEqual({ pid: before.pid, healthy: true });
  });
});
