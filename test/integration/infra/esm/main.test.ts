import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeLambda, startFakeLambda } from "./support/fake-lambda.ts";
import { brokers, groupOffsets, newTopic, numbered, produce, waitUntil } from "./support/harness.ts";

const REPO = resolve(import.meta.dirname, "..", "..", "..", "..");

let lambda: FakeLambda | undefined;
let engine: ChildProcess | undefined;

afterEach(async () => {
  if (engine?.exitCode === null) {
    const exited = new Promise((done) => engine?.once("exit", done));
    engine.kill("SIGKILL");
    await exited;
  }
  await lambda?.close();
});

describe("npm run esm (infra/esm/main.ts)", () => {
  it("runs the service's mappings against LAMBDA_ENDPOINT until SIGTERM, then exits having committed", async () => {
    const topic = await newTopic("main", 2);
    const group = `esm-main-${randomUUID().slice(0, 8)}`;
    await produce(topic, numbered(30, 2));
    const fake = await startFakeLambda();
    lambda = fake;
    let logs = "";
    const child = spawn(process.execPath, [join(REPO, "infra", "esm", "main.ts")], {
      cwd: REPO,
      env: {
        ...process.env,
        ESM_SERVICE_DIR: join(REPO, "test", "fixtures", "esm", "plugin-service"),
        LAMBDA_ENDPOINT: fake.endpoint,
        ESM_STATUS_INTERVAL_MS: "200",
        ESM_TEST_OUTPUT: "/dev/null",
        ESM_TEST_TOPIC: topic,
        ESM_TEST_BOOTSTRAP: brokers[0],
        ESM_TEST_GROUP: group,
        ESM_TEST_LAMBDA_PORT: "1",
        ESM_TEST_HTTP_PORT: "2",
        ESM_TEST_WEBSOCKET_PORT: "3",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    engine = child;
    child.stdout?.on("data", (chunk: Buffer) => {
      logs += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      logs += chunk.toString();
    });
    const records = () => fake.invocations.flatMap((i) => i.records).length;
    await waitUntil("30 records", () => records() >= 30 || child.exitCode !== null, 60_000);
    expect(child.exitCode, logs).toBeNull();
    expect(fake.invocations[0]?.functionName).toBe("esm-plugin-test-local-consume");
    await waitUntil("a status line", () => logs.includes('"message":"esm status"'), 10_000);

    const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(logs).toContain('"message":"mapping stopped"');
    expect([...(await groupOffsets(group, topic)).entries()].sort()).toEqual([
      [0, 15n],
      [1, 15n],
    ]);
  });
});
