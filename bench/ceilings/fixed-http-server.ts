/**
 * The HTTP ceiling's server, run as a child process by the source stage: answers `/?bytes=N` with N fixed bytes and
 * the source's headers, and prints `{"port": …}` once listening.
 *
 * Run: node bench/ceilings/fixed-http-server.ts
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

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
