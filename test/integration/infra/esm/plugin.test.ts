import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { brokers, groupOffsets, newTopic, numbered, produce, waitUntil } from "./support/harness.ts";

const REPO = resolve(import.meta.dirname, "..", "..", "..", "..");
const SERVICE_DIR = join(REPO, "test", "fixtures", "esm", "plugin-service");

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let offline: ChildProcess | undefined;

afterEach(async () => {
  if (offline?.exitCode === null) {
    const exited = new Promise((done) => offline?.once("exit", done));
    offline.kill("SIGINT");
    await exited;
  }
  offline = undefined;
});

describe("the serverless plugin", () => {
  it("runs the service's kafka events inside `serverless offline start`, through its lambda port", async () => {
    const topic = await newTopic("plugin", 2);
    const group = `esm-plugin-${randomUUID().slice(0, 8)}`;
    const output = join(tmpdir(), `esm-plugin-${randomUUID()}.log`);
    await produce(topic, numbered(40, 2));
    let logs = "";
    offline = spawn(
      process.execPath,
      [join(REPO, "node_modules", "serverless", "bin", "serverless.js"), "offline", "start"],
      {
        cwd: SERVICE_DIR,
        env: {
          ...process.env,
          ESM_TEST_OUTPUT: output,
          ESM_TEST_TOPIC: topic,
          ESM_TEST_BOOTSTRAP: brokers[0],
          ESM_TEST_GROUP: group,
          ESM_TEST_LAMBDA_PORT: String(await freePort()),
          ESM_TEST_HTTP_PORT: String(await freePort()),
          ESM_TEST_WEBSOCKET_PORT: String(await freePort()),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    offline.stdout?.on("data", (chunk: Buffer) => {
      logs += chunk.toString();
    });
    offline.stderr?.on("data", (chunk: Buffer) => {
      logs += chunk.toString();
    });
    const lines = () => (existsSync(output) ? readFileSync(output, "utf8").trim().split("\n") : []);
    await waitUntil(
      "40 records handled",
      () => lines().length >= 40 || offline?.exitCode !== null,
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; serverless offline said:\n${logs}`);
    });
    expect(offline.exitCode, logs).toBeNull();
    expect(new Set(lines()).size).toBe(40);
    expect(logs).toContain("kafka event source mappings running");

    // SIGINT: the engine stops before serverless-offline exits, with everything committed.
    const exited = new Promise((done) => offline?.once("exit", done));
    offline.kill("SIGINT");
    await exited;
    expect(logs).toContain("mapping stopped");
    const committed = await groupOffsets(group, topic);
    expect([...committed.entries()].sort()).toEqual([
      [0, 20n],
      [1, 20n],
    ]);
  });
});
