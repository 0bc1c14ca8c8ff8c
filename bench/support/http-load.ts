import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { percentile, round } from "./stats.ts";

/** One closed-loop HTTP run. */
export interface HttpRun {
  readonly requests: number;
  readonly users: number;
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly usersPerSecond: number;
  readonly megabytesPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Starts `node <args>` as a child and resolves with the port from the first JSON line it prints that has one.
 *
 * @example
 * const { child, port } = await startChild(["infra/source/main.ts", "--port", "0"]);
 */
export async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // as `node file.ts` runs it, without npm's loaders
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"], env });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const port = await new Promise<number>((resolvePort, reject) => {
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
    lines.on("line", (line) => {
      try {
        const parsed = JSON.parse(line) as { port?: number };
        if (typeof parsed.port === "number") resolvePort(parsed.port);
      } catch {
        // not a JSON line
      }
    });
  });
  child.removeAllListeners("exit");
  return { child, port };
}

/**
 * GETs `path` on 127.0.0.1:`port` and counts the body's bytes.
 *
 * @example
 * const { status, bytes } = await get(new Agent(), 3100, "/api/?results=1");
 */
export function get(agent: Agent, port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolveGet, reject) => {
    request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on("end", () => resolveGet({ status: res.statusCode ?? 0, bytes }));
      res.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}

/**
 * Drives `port` with `concurrency` keep-alive clients for `durationMs`; request `n` GETs `pathOf(n)`.
 *
 * @example
 * const run = await drive(port, (n) => `/api/?results=1&page=${n + 1}`, 1, 8, 4_000);
 */
export async function drive(
  port: number,
  pathOf: (n: number) => string,
  usersPerRequest: number,
  concurrency: number,
  durationMs: number,
): Promise<HttpRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async () => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const response = await get(agent, port, pathOf(issued++));
      latencies.push(performance.now() - sent);
      bytes += response.bytes;
      if (response.status !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const requests = latencies.length;
  return {
    requests,
    users: (requests - errors) * usersPerRequest,
    errors,
    seconds: round(seconds, 3),
    requestsPerSecond: round(requests / seconds, 1),
    usersPerSecond: round(((requests - errors) * usersPerRequest) / seconds),
    megabytesPerSecond: round(bytes / seconds / 1e6, 1),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}
