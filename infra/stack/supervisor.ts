import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { type FileHandle, mkdir, open, readFile, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ServiceStopError } from "./errors.ts";

/** What the supervisor remembers about a background process it started. */
export interface ProcessRecord {
  pid: number;
  /** Kernel start time of the process (clock ticks since boot), to tell it from a later process with the same pid. */
  kernelStart: string | null;
  startedAt: string;
  command: string[];
  /** The ports it was started on. */
  ports: number[];
  logFile: string;
}

export interface SpawnOptions {
  command: string;
  args: readonly string[];
  logFile: string;
  recordFile: string;
  ports: number[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** The kernel's start time of a process, or null where /proc is unavailable or the process is gone. */
async function kernelStartTime(pid: number): Promise<string | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; the start time is field 22 (index 19 after the name).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z") return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function signalExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the process of a record is still the one we started (not exited, not a zombie, pid not reused). */
export async function isRunning(record: ProcessRecord): Promise<boolean> {
  if (!signalExists(record.pid)) return false;
  const start = await kernelStartTime(record.pid);
  if (record.kernelStart === null) return start !== null || !process.platform.startsWith("linux");
  return start === record.kernelStart;
}

/**
 * Starts a command as a detached background process in its own process group, with stdout and stderr appended to
 * `logFile`, and records it in `recordFile`.
 *
 * @example
 * const record = await spawnDetached({ command: "java", args: ["-version"], logFile, recordFile });
 */
export async function spawnDetached(options: SpawnOptions): Promise<ProcessRecord> {
  await mkdir(dirname(options.logFile), { recursive: true });
  await mkdir(dirname(options.recordFile), { recursive: true });
  const log = openSync(options.logFile, "a");
  try {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ["ignore", log, log],
    });
    const pid = await new Promise<number>((resolvePid, reject) => {
      child.once("error", reject);
      child.once("spawn", () => resolvePid(child.pid as number));
    });
    child.unref();
    const record: ProcessRecord = {
      pid,
      kernelStart: await kernelStartTime(pid),
      startedAt: new Date().toISOString(),
      command: [options.command, ...options.args],
      ports: options.ports,
      logFile: options.logFile,
    };
    await writeFile(options.recordFile, `${JSON.stringify(record, null, 2)}\n`);
    return record;
  } finally {
    closeSync(log);
  }
}

export async function readRecord(recordFile: string): Promise<ProcessRecord | null> {
  try {
    return JSON.parse(await readFile(recordFile, "utf8")) as ProcessRecord;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

export async function removeRecord(recordFile: string): Promise<void> {
  await rm(recordFile, { force: true });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function waitForExit(record: ProcessRecord, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (await isRunning(record)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Stops a recorded process group: SIGTERM, then SIGKILL once `timeoutMs` has passed.
 *
 * @returns how it ended: `"stopped"` (exited on SIGTERM), `"killed"` (needed SIGKILL) or `"not-running"`.
 * @throws {ServiceStopError} if the process survives SIGKILL.
 */
export async function stopProcess(
  record: ProcessRecord,
  timeoutMs: number,
): Promise<"stopped" | "killed" | "not-running"> {
  if (!(await isRunning(record))) return "not-running";
  signalGroup(record.pid, "SIGTERM");
  if (await waitForExit(record, timeoutMs)) return "stopped";
  signalGroup(record.pid, "SIGKILL");
  if (await waitForExit(record, 5_000)) return "killed";
  throw new ServiceStopError(`process ${record.pid} (${record.command[0]}) survived SIGKILL`);
}

/** The last `lines` lines of a log file ("" when it does not exist); reads at most the file's last 256 KiB. */
export async function tailFile(file: string, lines: number): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 256 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString("utf8")
      .split("\n")
      .slice(-lines - 1)
      .join("\n")
      .trimEnd();
  } finally {
    await handle.close();
  }
}
