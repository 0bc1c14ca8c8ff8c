/**
 * Random User source benchmark: requests/s, users/s and p50/p99 latency of `infra/source` at several page sizes,
 * driven on loopback by concurrent keep-alive clients, against the raw ceiling measured in the same run: a trivial
 * node:http server sending a fixed body of the same size, driven the same way. Both servers run as child processes,
 * so that the clients (this process) and a server each have a core on a 2-core machine.
 *
 * Run: npm exec -- node bench/source.ts [--duration-ms 4000] [--concurrency 8] [--results 1,100,1000,5000]
 * Writes bench/results/source-<timestamp>.json. Bounded: (warm-up + duration) × 2 × page sizes, ~40 s by default.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  strict: true,
  options: {
    "duration-ms": { type: "string", default: "4000" },
    "warmup-ms": { type: "string", default: "500" },
    concurrency: { type: "string", default: "8" },
    results: { type: "string", default: "1,100,1000,5000" },
    /** Internal: run as the ceiling server. */
    "fixed-server": { type: "boolean", default: false },
  },
});

/** The ceiling: answers `/?bytes=N` with N fixed bytes, with the same headers as the source. */
function fixedServer(): void {
  const bodies = new Map<number, Buffer>();
  const server = createServer((req, res) => {
    const bytes = Number(new URL(req.url ?? "/", "http://x").searchParams.get("bytes") ?? 0);
    let body = bodies.get(bytes);
    if (!body) {
      body = Buffer.alloc(bytes, "x");
      bodies.set(bytes, body);
    }
    res.writeHead(200, [
      "content-type",
      "application/json; charset=utf-8",
      "content-length",
      String(body.length),
      "cache-control",
      "no-cache",
    ]);
    res.end(body);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

interface Run {
  requests: number;
  users: number;
  bytes: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  usersPerSecond: number;
  megabytesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Starts a child Node process and resolves with the port from the first JSON line it prints that has one. */
async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // run the server as `node file.ts` runs it, without npm's loaders
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

function get(agent: Agent, port: number, path: string): Promise<{ status: number; bytes: number }> {
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

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);

/** Drives `port` with `concurrency` keep-alive clients for `durationMs`; each request's path comes from `pathOf`. */
async function drive(
  port: number,
  pathOf: (n: number) => string,
  usersPerRequest: number,
  concurrency: number,
  durationMs: number,
): Promise<Run> {
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
    bytes,
    errors,
    seconds: round(seconds, 3),
    requestsPerSecond: round(requests / seconds, 1),
    usersPerSecond: round(((requests - errors) * usersPerRequest) / seconds, 0),
    megabytesPerSecond: round(bytes / seconds / 1e6, 1),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const durationMs = Number(values["duration-ms"]);
  const warmupMs = Number(values["warmup-ms"]);
  const concurrency = Number(values.concurrency);
  const pageSizes = (values.results ?? "").split(",").map(Number);
  const root = resolve(import.meta.dirname, "..");

  const source = await startChild([resolve(root, "infra/source/main.ts"), "--port", "0"]);
  const ceiling = await startChild([resolve(root, "bench/source.ts"), "--fixed-server"]);
  const scenarios = [];
  process.stdout.write(
    `source vs ceiling: ${concurrency} keep-alive clients, ${durationMs} ms per run, Node ${process.version}, ` +
      `${availableParallelism()} CPUs\n`,
  );
  try {
    for (const results of pageSizes) {
      // The ceiling's body is as big as a real page of this size.
      const sample = await get(new Agent(), source.port, `/api/?results=${results}&seed=bench-size`);
      const sourcePath = (n: number) => `/api/?results=${results}&seed=bench&page=${n + 1}`;
      const ceilingPath = () => `/?bytes=${sample.bytes}`;
      await drive(source.port, sourcePath, results, concurrency, warmupMs);
      const measured = await drive(source.port, sourcePath, results, concurrency, durationMs);
      await drive(ceiling.port, ceilingPath, results, concurrency, warmupMs);
      const raw = await drive(ceiling.port, ceilingPath, results, concurrency, durationMs);
      const ratio = {
        requestsPerSecond: round(measured.requestsPerSecond / raw.requestsPerSecond, 3),
        usersPerSecond: round(measured.usersPerSecond / raw.usersPerSecond, 3),
        p50Ms: round(measured.p50Ms / raw.p50Ms, 2),
        p99Ms: round(measured.p99Ms / raw.p99Ms, 2),
      };
      scenarios.push({
        results,
        bodyBytes: sample.bytes,
        source: measured,
        ceiling: raw,
        ratioToCeiling: ratio,
      });
      const line =
        `results=${String(results).padEnd(5)} body ${(sample.bytes / 1024).toFixed(1).padStart(7)} KiB | ` +
        `source ${measured.requestsPerSecond.toFixed(0).padStart(6)} req/s ${measured.usersPerSecond.toFixed(0).padStart(7)} users/s ` +
        `p50 ${measured.p50Ms.toFixed(1).padStart(6)} ms p99 ${measured.p99Ms.toFixed(1).padStart(6)} ms | ` +
        `ceiling ${raw.requestsPerSecond.toFixed(0).padStart(6)} req/s p50 ${raw.p50Ms.toFixed(1).padStart(5)} ms ` +
        `p99 ${raw.p99Ms.toFixed(1).padStart(5)} ms | ratio req/s ${ratio.requestsPerSecond.toFixed(2)} ` +
        `users/s ${ratio.usersPerSecond.toFixed(2)} p50 ×${ratio.p50Ms.toFixed(2)} p99 ×${ratio.p99Ms.toFixed(2)}` +
        (measured.errors + raw.errors > 0 ? ` (${measured.errors + raw.errors} non-200!)` : "");
      process.stdout.write(`${line}\n`);
    }
  } finally {
    source.child.kill("SIGTERM");
    ceiling.child.kill("SIGTERM");
  }

  const report = {
    benchmark: "source",
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model,
    memoryGb: round(totalmem() / 2 ** 30, 1),
    concurrency,
    durationMs,
    warmupMs,
    scenarios,
  };
  const dir = resolve(root, "bench", "results");
  await mkdir(dir, { recursive: true });
  const file = resolve(dir, `source-${report.date.replace(/[:.]/g, "-")}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

if (values["fixed-server"]) fixedServer();
else await main();
