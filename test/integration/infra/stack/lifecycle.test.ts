import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadStackConfig } from "../../../../infra/stack/config.ts";
import { recordFileOf } from "../../../../infra/stack/service.ts";
import { services } from "../../../../infra/stack/services/index.ts";
import { moto } from "../../../../infra/stack/services/moto.ts";
import { down, status, up } from "../../../../infra/stack/stack.ts";
import { isRunning, readRecord } from "../../../../infra/stack/supervisor.ts";

const stateDir = await mkdtemp(join(tmpdir(), "stack-lifecycle-"));
// A second, private moto on its own port and state directory, so that this test can crash and stop it freely.
const isolated = loadStackConfig({ ...process.env, STACK_STATE_DIR: stateDir, STACK_MOTO_PORT: "14566" });
const shared = loadStackConfig();

afterAll(async () => {
  await down(isolated, [moto], { purge: true }, () => {});
  await rm(stateDir, { recursive: true, force: true });
});

describe("stack lifecycle", () => {
  it("leaves the running stack alone on a second up", async () => {
    const before = await status(shared, services);
    expect(before.every((row) => row.state === "running" && row.healthy)).toBe(true);
    await up(shared, services, () => {});
    const after = await status(shared, services);
    expect(after.map((row) => row.pid)).toEqual(before.map((row) => row.pid));
  });

  it("reports a crashed service, restarts it on up, and leaves no process after down", async () => {
    const messages: string[] = [];
    await up(isolated, [moto], (_service, message) => messages.push(message));
    const first = await readRecord(recordFileOf(isolated, "moto"));
    if (!first) throw new Error("no process record after up");

    process.kill(-first.pid, "SIGKILL");
    await expect.poll(() => isRunning(first)).toBe(false);
    expect((await status(isolated, [moto]))[0]?.state).toBe("crashed");

    await up(isolated, [moto], (_service, message) => messages.push(message));
    expect(messages.some((message) => message.startsWith(`had crashed (pid ${first.pid} is gone)`))).toBe(
      true,
    );
    const second = await readRecord(recordFileOf(isolated, "moto"));
    expect(second?.pid).not.toBe(first.pid);
    expect((await status(isolated, [moto]))[0]).toMatchObject({ state: "running", healthy: true });

    await down(isolated, [moto], { purge: false }, () => {});
    expect(second && (await isRunning(second))).toBe(false);
    expect((await status(isolated, [moto]))[0]?.state).toBe("stopped");

    await down(isolated, [moto], { purge: true }, () => {});
    expect(existsSync(join(stateDir, "moto"))).toBe(false);
  });
});
