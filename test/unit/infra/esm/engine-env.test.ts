import { describe, expect, it } from "vitest";
import {
  loadEngineEnv,
  offlineLambdaEndpoint,
  resolveLambdaEndpoint,
} from "../../../../infra/esm/engine-env.ts";
import { EngineConfigError } from "../../../../infra/esm/errors.ts";

describe("loadEngineEnv", () => {
  it("applies defaults", () => {
    expect(loadEngineEnv({})).toEqual({
      lambdaEndpoint: undefined,
      statusIntervalMs: 30_000,
      shutdownTimeoutMs: 30_000,
      logLevel: "info",
      serviceDir: undefined,
    });
  });

  it("reads overrides", () => {
    const env = loadEngineEnv({ LAMBDA_ENDPOINT: "aws", ESM_STATUS_INTERVAL_MS: "0", ESM_LOG_LEVEL: "warn" });
    expect(env).toMatchObject({ lambdaEndpoint: "aws", statusIntervalMs: 0, logLevel: "warn" });
  });

  it("names every invalid variable", () => {
    expect(() => loadEngineEnv({ LAMBDA_ENDPOINT: "nope", ESM_SHUTDOWN_TIMEOUT_MS: "-1" })).toThrow(
      /LAMBDA_ENDPOINT.*ESM_SHUTDOWN_TIMEOUT_MS/s,
    );
    expect(() => loadEngineEnv({ ESM_LOG_LEVEL: "loud" })).toThrow(EngineConfigError);
  });
});

describe("offlineLambdaEndpoint", () => {
  it("reads host and lambdaPort from custom.serverless-offline", () => {
    expect(
      offlineLambdaEndpoint({ custom: { "serverless-offline": { host: "localhost", lambdaPort: "23002" } } }),
    ).toBe("http://localhost:23002");
  });

  it("falls back to 127.0.0.1:3002", () => {
    expect(offlineLambdaEndpoint({})).toBe("http://127.0.0.1:3002");
    expect(offlineLambdaEndpoint({ custom: { "serverless-offline": { lambdaPort: "x" } } })).toBe(
      "http://127.0.0.1:3002",
    );
  });
});

describe("resolveLambdaEndpoint", () => {
  const service = { custom: { "serverless-offline": { lambdaPort: 23002 } } };
  it("prefers LAMBDA_ENDPOINT, maps `aws` to the SDK's own endpoint, else serverless-offline's port", () => {
    expect(resolveLambdaEndpoint("http://h:1", service)).toBe("http://h:1");
    expect(resolveLambdaEndpoint("aws", service)).toBeUndefined();
    expect(resolveLambdaEndpoint(undefined, service)).toBe("http://127.0.0.1:23002");
  });
});
