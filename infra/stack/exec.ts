import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { CommandError } from "./errors.ts";

const execFileAsync = promisify(execFile);

export interface RunResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion and returns what it printed.
 *
 * @throws {CommandError} with the last 40 lines of its output when it fails.
 */
export async function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  try {
    return await execFileAsync(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      timeout: options.timeoutMs ?? 0,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & Partial<RunResult>;
    const printed = `${failure.stdout ?? ""}${failure.stderr ?? ""}`
      .trimEnd()
      .split("\n")
      .slice(-40)
      .join("\n");
    const hint = failure.code === "ENOENT" ? `${command} is not installed or not on PATH` : printed;
    throw new CommandError([command, ...args].join(" "), hint, { cause: error });
  }
}
