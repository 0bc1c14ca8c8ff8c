import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  isRunning,
  type ProcessRecord,
  readRecord,
  spawnDetached,
  stopProcess,
  tailFile,
} from "../../../../infra/stack/supervisor.ts";

let dir: string;
const started: ProcessRecord[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "supervisor-"));
});

afterEach(async () => {
  for (const record of started.splice(0)) await stopProcess(record, 1_000);
  await rm(dir, { recursive: true, force: true });
});

async function startNode(script: string): Promise<ProcessRecord> {
  const record = await spawnDetached({
    command: process.execPath,
    args: ["-e", script],
    logFile: join(dir, "service.log"),
    recordFile: join(dir, "process.json"),
    ports: [],
  });
  started.push(record);
  return record;
}

describe("supervisor", () => {
  it("starts a detached process, records it, and stops it with SIGTERM", async () => {
    const record = await startNode("console.log('hello'); setInterval(() => {}, 1000)");
    expect(await isRunning(record)).toBe(true);
    expect(await readRecord(join(dir, "process.json"))).toEqual(record);
    await expect.poll(() => tailFile(record.logFile, 5)).toBe("hello");
    expect(await stopProcess(record, 5_000)).toBe("stopped");
    expect(await isRunning(record)).toBe(false);
  });

  it("kills a process that ignores SIGTERM once the timeout passes", async () => {
    const record = await startNode(
      "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)",
    );
    await expect.poll(() => tailFile(record.logFile, 1)).toBe("up");
    expect(await stopProcess(record, 300)).toBe("killed");
    expect(await isRunning(record)).toBe(false);
  });

  it("sees an exited process as not running, and stopping it is harmless", async () => {
    const record = await startNode("process.exit(3)");
    await expect.poll(() => isRunning(record)).toBe(false);
    expect(await stopProcess(record, 1_000)).toBe("not-running");
  });

  it("does not mistake a reused pid for the recorded process", async () => {
    const record = await startNode("setInterval(() => {}, 1000)");
    expect(await isRunning({ ...record, kernelStart: "1" })).toBe(false);
  });

  it("reads no record when none was written", async () => {
    expect(await readRecord(join(dir, "absent.json"))).toBeNull();
  });

  it("tails the last lines of a file, and nothing of a missing one", async () => {
    const file = join(dir, "big.log");
    await writeFile(file, `${Array.from({ length: 10_000 }, (_, i) => `line ${i}`).join("\n")}\n`);
    expect(await tailFile(file, 3)).toBe("line 9997\nline 9998\nline 9999");
    expect(await tailFile(join(dir, "missing.log"), 3)).toBe("");
  });
});
